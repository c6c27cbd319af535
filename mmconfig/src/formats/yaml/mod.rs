//! YAML configs, read from `saphyr-parser`'s event stream.
//!
//! Plain scalars are resolved with YAML 1.2's core schema (`null`/`~`, `true`/`false`, ints,
//! floats such as `1e-4`); quoted scalars are strings. Mapping keys are taken as strings.
//! Anchors and aliases work, merge keys (`<<: *base`) too, but every value an alias copies
//! counts against [`Limits::max_values`](super::super::Limits), so alias bombs end in an
//! error. `!!python/tuple` (as mmengine's YAML dumps write tuples) reads as a list; other
//! non-core tags are errors.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, StrInput, Tag};

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::node::{Dict, Node, NodeValue};
use super::super::python::parse_base_path;
use super::super::source::{Position, to_u32};

mod schema;

use schema::{resolve, tag_text};

/// Parses a YAML document (an empty one is an empty dict).
pub(crate) fn parse(text: &str, file: Arc<Path>, limits: &Limits) -> Result<Node, ConfigError> {
    let mut builder = Builder {
        file,
        limits,
        parser: Parser::new_from_str(text),
        lookahead: VecDeque::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        created: 0,
        root: None,
        documents: 0,
    };
    builder.run()?;
    Ok(builder
        .root
        .unwrap_or_else(|| Node::dict(Dict::new(), None)))
}

/// A collection being built.
enum Frame {
    Seq {
        items: Vec<Node>,
        loc: Position,
        anchor: usize,
    },
    Map {
        entries: Vec<(String, Node)>,
        merges: Vec<Node>,
        key: Option<String>,
        loc: Position,
        anchor: usize,
    },
}

struct Builder<'a> {
    file: Arc<Path>,
    limits: &'a Limits,
    parser: Parser<'a, StrInput<'a>>,
    /// Events read ahead of the one being handled.
    lookahead: VecDeque<(Event<'a>, Span)>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    created: usize,
    root: Option<Node>,
    documents: usize,
}

impl<'a> Builder<'a> {
    /// Reads events until `n` are waiting (fewer at the end of the text).
    fn fill(&mut self, n: usize) -> Result<(), ConfigError> {
        while self.lookahead.len() < n {
            match self.parser.next_event() {
                Some(Ok(event)) => self.lookahead.push_back(event),
                Some(Err(error)) => {
                    let mark = error.marker();
                    let at = Position::new(
                        self.file.clone(),
                        to_u32(mark.line()),
                        to_u32(mark.col() + 1),
                    );
                    return Err(ConfigError::at(
                        ConfigErrorKind::Syntax(error.info().to_owned()),
                        at,
                    ));
                }
                None => break,
            }
        }
        Ok(())
    }

    fn next_event(&mut self) -> Result<Option<(Event<'a>, Span)>, ConfigError> {
        self.fill(1)?;
        Ok(self.lookahead.pop_front())
    }

    fn position(&self, span: &Span) -> Position {
        Position::new(
            self.file.clone(),
            to_u32(span.start.line()),
            to_u32(span.start.col() + 1),
        )
    }

    fn charge(&mut self, n: usize, loc: &Position) -> Result<(), ConfigError> {
        self.created = self.created.saturating_add(n);
        if self.created > self.limits.max_values {
            return Err(ConfigError::at(
                ConfigErrorKind::Limit {
                    what: "the number of values",
                    limit: self.limits.max_values,
                },
                loc.clone(),
            ));
        }
        Ok(())
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn run(&mut self) -> Result<(), ConfigError> {
        while let Some((event, span)) = self.next_event()? {
            let loc = self.position(&span);
            match event {
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(ConfigError::at(
                            ConfigErrorKind::Syntax(
                                "a config must be a single YAML document".into(),
                            ),
                            loc,
                        ));
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    self.scalar(&text, style, anchor, tag.as_deref(), loc)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.check_collection_start(tag.as_deref(), true, &loc)?;
                    self.stack.push(Frame::Seq {
                        items: Vec::new(),
                        loc,
                        anchor,
                    });
                }
                Event::MappingStart(anchor, tag) => {
                    if let Some(placeholder) = self.base_reference()? {
                        self.finish(Node::string(placeholder, Some(loc)), anchor)?;
                        continue;
                    }
                    self.check_collection_start(tag.as_deref(), false, &loc)?;
                    self.stack.push(Frame::Map {
                        entries: Vec::new(),
                        merges: Vec::new(),
                        key: None,
                        loc,
                        anchor,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => self.end_collection()?,
                Event::Alias(id) => self.alias(id, loc)?,
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
    }

    /// A scalar: the pending key of a mapping, or a value.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        loc: Position,
    ) -> Result<(), ConfigError> {
        if self.expecting_key() {
            if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                *key = Some(text.to_owned());
            }
            return Ok(());
        }
        if text.len() > self.limits.max_string_len {
            return Err(ConfigError::at(
                ConfigErrorKind::Limit {
                    what: "string length",
                    limit: self.limits.max_string_len,
                },
                loc,
            ));
        }
        let kind = resolve(text, style, tag, &loc)?;
        self.charge(1, &loc)?;
        self.finish(Node::scalar(kind, Some(loc)), anchor)
    }

    /// The end of the innermost sequence or mapping.
    fn end_collection(&mut self) -> Result<(), ConfigError> {
        match self.stack.pop() {
            Some(Frame::Seq { items, loc, anchor }) => {
                self.charge(1, &loc)?;
                let node = Node::list(items, Some(loc));
                self.finish(node, anchor)
            }
            Some(Frame::Map {
                entries,
                merges,
                loc,
                anchor,
                ..
            }) => {
                let node = self.mapping(entries, merges, loc)?;
                self.finish(node, anchor)
            }
            None => Ok(()),
        }
    }

    /// `*name`: a counted copy of the anchored value.
    fn alias(&mut self, id: usize, loc: Position) -> Result<(), ConfigError> {
        let Some(target) = self.anchors.get(&id).cloned() else {
            return Err(ConfigError::at(
                ConfigErrorKind::Syntax("unknown alias".into()),
                loc,
            ));
        };
        if self.expecting_key() {
            return Err(ConfigError::at(
                ConfigErrorKind::Unsupported("an alias as a mapping key".into()),
                loc,
            ));
        }
        self.charge(target.size(), &loc)?;
        self.finish(target, 0)
    }

    fn check_collection_start(
        &self,
        tag: Option<&Tag>,
        sequence: bool,
        loc: &Position,
    ) -> Result<(), ConfigError> {
        if self.expecting_key() {
            return Err(ConfigError::at(
                ConfigErrorKind::Unsupported("a YAML mapping key that is not a scalar".into()),
                loc.clone(),
            ));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(ConfigError::at(
                ConfigErrorKind::Limit {
                    what: "nesting depth",
                    limit: self.limits.max_depth,
                },
                loc.clone(),
            ));
        }
        match tag {
            None => Ok(()),
            Some(tag)
                if tag.is_yaml_core_schema()
                    && tag.suffix == if sequence { "seq" } else { "map" } =>
            {
                Ok(())
            }
            Some(tag) if sequence && tag.suffix == "python/tuple" => Ok(()),
            Some(tag) => Err(ConfigError::at(
                ConfigErrorKind::Unsupported(format!("the YAML tag `{}`", tag_text(tag))),
                loc.clone(),
            )),
        }
    }

    /// At a mapping start in value position: whether it is mmengine's bare
    /// `{{_base_.a.b}}`, which YAML reads as a mapping whose only key is a mapping
    /// `{_base_.a.b: null}`. If so, consumes its events and returns the placeholder string.
    fn base_reference(&mut self) -> Result<Option<String>, ConfigError> {
        if self.expecting_key() {
            return Ok(None);
        }
        self.fill(6)?;
        let window: Vec<&Event<'_>> = self
            .lookahead
            .iter()
            .take(6)
            .map(|(event, _)| event)
            .collect();
        let path = match window.as_slice() {
            [
                Event::MappingStart(0, None),
                Event::Scalar(path, ScalarStyle::Plain, 0, None),
                Event::Scalar(inner_null, ScalarStyle::Plain, 0, None),
                Event::MappingEnd,
                Event::Scalar(outer_null, ScalarStyle::Plain, 0, None),
                Event::MappingEnd,
            ] if inner_null.is_empty() && outer_null.is_empty() => parse_base_path(path),
            _ => None,
        };
        let Some(path) = path else { return Ok(None) };
        self.lookahead.drain(..6);
        Ok(Some(format!("{{{{_base_.{}}}}}", path.join("."))))
    }

    fn mapping(
        &mut self,
        entries: Vec<(String, Node)>,
        merges: Vec<Node>,
        loc: Position,
    ) -> Result<Node, ConfigError> {
        self.charge(1, &loc)?;
        let mut dict = Dict::new();
        for merged in merges {
            let merged_loc = merged.loc.clone();
            let error = || {
                ConfigError::new(ConfigErrorKind::Value(
                    "a YAML merge key `<<` takes a mapping or a list of mappings".into(),
                ))
                .with_location(merged_loc.clone())
            };
            let sources = match merged.into_kind() {
                NodeValue::Dict(source) => vec![source],
                NodeValue::List(items) => items
                    .into_iter()
                    .map(|item| match item.into_kind() {
                        NodeValue::Dict(source) => Ok(source),
                        _ => Err(error()),
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err(error()),
            };
            for source in sources {
                for (key, value) in source {
                    dict.entry(key).or_insert(value);
                }
            }
        }
        for (key, value) in entries {
            dict.insert(key, value);
        }
        Ok(Node::dict(dict, Some(loc)))
    }

    /// Places a completed node in its parent (or as the document).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), ConfigError> {
        if node.height() > self.limits.max_depth {
            let at = node.loc.clone();
            return Err(ConfigError::new(ConfigErrorKind::Limit {
                what: "nesting depth",
                limit: self.limits.max_depth,
            })
            .with_location(at));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merges,
                key,
                ..
            }) => match key.take() {
                Some(k) if k == "<<" => merges.push(node),
                Some(k) => entries.push((k, node)),
                None => {}
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
