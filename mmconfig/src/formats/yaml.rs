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
use super::super::node::{Dict, Node, NodeValue, int_fits};
use super::super::python::parse_base_path;
use super::super::source::{Position, to_u32};

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
                    if self.expecting_key() {
                        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                            *key = Some(text.into_owned());
                        }
                        continue;
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
                    let kind = resolve(&text, style, tag.as_deref(), &loc)?;
                    self.charge(1, &loc)?;
                    self.finish(Node::scalar(kind, Some(loc)), anchor)?;
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
                Event::SequenceEnd => {
                    if let Some(Frame::Seq { items, loc, anchor }) = self.stack.pop() {
                        self.charge(1, &loc)?;
                        let node = Node::list(items, Some(loc));
                        self.finish(node, anchor)?;
                    }
                }
                Event::MappingEnd => {
                    if let Some(Frame::Map {
                        entries,
                        merges,
                        loc,
                        anchor,
                        ..
                    }) = self.stack.pop()
                    {
                        let node = self.mapping(entries, merges, loc)?;
                        self.finish(node, anchor)?;
                    }
                }
                Event::Alias(id) => {
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
                    self.finish(target, 0)?;
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
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

/// A tag as written: `!!suffix` for the core schema's prefix.
fn tag_text(tag: &Tag) -> String {
    match tag.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", tag.suffix),
        handle => format!("{handle}{}", tag.suffix),
    }
}

/// The value of a scalar: a string if quoted or tagged `!!str`, else resolved by the core
/// schema.
fn resolve(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    loc: &Position,
) -> Result<NodeValue, ConfigError> {
    let wrong = |what: &str| {
        ConfigError::at(
            ConfigErrorKind::Value(format!("`{text}` is not {what}")),
            loc.clone(),
        )
    };
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema()
            || !matches!(
                tag.suffix.as_str(),
                "str" | "null" | "bool" | "int" | "float"
            )
        {
            return Err(ConfigError::at(
                ConfigErrorKind::Unsupported(format!("the YAML tag `{}`", tag_text(tag))),
                loc.clone(),
            ));
        }
        let plain = resolve_plain(text, loc)?;
        return match (tag.suffix.as_str(), plain) {
            ("str", _) => Ok(NodeValue::Str(text.to_owned())),
            ("null", kind @ NodeValue::Null)
            | ("bool", kind @ NodeValue::Bool(_))
            | ("int", kind @ NodeValue::Int(_)) => Ok(kind),
            ("float", NodeValue::Int(i)) => Ok(NodeValue::Float(i as f64)),
            ("float", kind @ NodeValue::Float(_)) => Ok(kind),
            (suffix, _) => Err(wrong(&format!("a valid `!!{suffix}` value"))),
        };
    }
    if style != ScalarStyle::Plain {
        return Ok(NodeValue::Str(text.to_owned()));
    }
    resolve_plain(text, loc)
}

fn resolve_plain(text: &str, loc: &Position) -> Result<NodeValue, ConfigError> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(NodeValue::Null),
        "true" | "True" | "TRUE" => return Ok(NodeValue::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(NodeValue::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => {
            return Err(ConfigError::at(
                ConfigErrorKind::Value(format!(
                    "`{text}` cannot be stored (infinite and NaN values are not supported)"
                )),
                loc.clone(),
            ));
        }
        _ => {}
    }
    let out_of_range = || {
        ConfigError::at(
            ConfigErrorKind::Value(format!("integer `{text}` does not fit 64 bits")),
            loc.clone(),
        )
    };
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    let radix_digits = [("0o", 8), ("0x", 16)]
        .into_iter()
        .find_map(|(prefix, radix)| text.strip_prefix(prefix).map(|digits| (digits, radix)));
    if let Some((digits, radix)) = radix_digits
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_digit(radix))
    {
        return i128::from_str_radix(digits, radix)
            .ok()
            .filter(|i| int_fits(*i))
            .map(NodeValue::Int)
            .ok_or_else(out_of_range);
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let magnitude: i128 = unsigned.parse().map_err(|_| out_of_range())?;
        let value = if negative { -magnitude } else { magnitude };
        return if int_fits(value) {
            Ok(NodeValue::Int(value))
        } else {
            Err(out_of_range())
        };
    }
    if is_core_float(unsigned) {
        return match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(NodeValue::Float(x)),
            _ => Err(ConfigError::at(
                ConfigErrorKind::Value(format!("float `{text}` is out of range")),
                loc.clone(),
            )),
        };
    }
    Ok(NodeValue::Str(text.to_owned()))
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float (sign removed).
fn is_core_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (
            text.get(..at).unwrap_or(""),
            Some(text.get(at + 1..).unwrap_or("")),
        ),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && (fraction.is_empty() || digits(fraction)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_with(text: &str, limits: &Limits) -> Result<serde_json::Value, String> {
        parse(text, Arc::from(Path::new("t.yaml")), limits)
            .map(|node| node.to_value())
            .map_err(|e| e.to_string())
    }

    fn read(text: &str) -> Result<serde_json::Value, String> {
        read_with(text, &Limits::default())
    }

    #[test]
    fn resolves_scalars_with_the_core_schema() {
        let text = "a: [1, -2, 0x1f, 0o17, 1e-4, .5, 1., 2.5e3, true, False, ~, null, '', x, '1', yes, 1_0]\n";
        assert_eq!(
            read(text).unwrap(),
            json!({"a": [1, -2, 31, 15, 1e-4, 0.5, 1.0, 2500.0, true, false, null, null, "", "x", "1", "yes", "1_0"]})
        );
        assert_eq!(read("").unwrap(), json!({}));
    }

    #[test]
    fn block_style_keeps_order_and_positions() {
        let text = "model:\n  type: ResNet\n  depth: 50\nlr: 0.1\n";
        let node = parse(text, Arc::from(Path::new("t.yaml")), &Limits::default()).unwrap();
        assert_eq!(
            node.to_value(),
            json!({"model": {"type": "ResNet", "depth": 50}, "lr": 0.1})
        );
        let path = crate::KeyPath::root().key("model").key("depth");
        assert_eq!(node.position(&path).unwrap().to_string(), "t.yaml:3:10");
    }

    #[test]
    fn anchors_aliases_merge_keys_and_tuples() {
        let text = "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\ntuple: !!python/tuple [1, 2]\nforced: !!str 12\n";
        assert_eq!(
            read(text).unwrap(),
            json!({"base": {"x": 1, "y": 2}, "use": {"x": 1, "y": 2}, "merged": {"x": 1, "y": 3}, "tuple": [1, 2], "forced": "12"})
        );
    }

    #[test]
    fn bare_base_reference_is_a_placeholder() {
        assert_eq!(
            read("a: {{_base_.model.head}}\nb: {{ _base_.x }}\n").unwrap(),
            json!({"a": "{{_base_.model.head}}", "b": "{{_base_.x}}"})
        );
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            read("a: !!python/object:os.system x").unwrap_err(),
            "t.yaml:1:4: the YAML tag `!!python/object:os.system` cannot be used in a config file (configs are read as data, never run)"
        );
        assert_eq!(
            read("a: [1, 2\n").unwrap_err().split(": ").next().unwrap(),
            "t.yaml:2:1"
        );
        assert_eq!(
            read("a: .inf").unwrap_err(),
            "t.yaml:1:4: `.inf` cannot be stored (infinite and NaN values are not supported)"
        );
        assert_eq!(
            read("a: 1\n---\nb: 2\n").unwrap_err(),
            "t.yaml:2:1: syntax error: a config must be a single YAML document"
        );
        assert_eq!(
            read("? [1]\n: 2\n").unwrap_err(),
            "t.yaml:1:3: a YAML mapping key that is not a scalar cannot be used in a config file (configs are read as data, never run)"
        );
    }

    #[test]
    fn alias_bombs_hit_the_value_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let error = read(&text).unwrap_err();
        assert!(
            error.contains("the number of values exceeds the limit of 500000"),
            "{error}"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let limits = Limits {
            max_depth: 20,
            ..Limits::default()
        };
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            read_with(&deep, &limits).unwrap_err(),
            "t.yaml:1:21: nesting depth exceeds the limit of 20"
        );
        let mut block = String::new();
        for i in 0..100 {
            block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        assert!(
            read_with(&block, &limits)
                .unwrap_err()
                .contains("nesting depth exceeds the limit of 20")
        );
        let bombs = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(read(&bombs).unwrap_err().starts_with("t.yaml:1:"));
    }
}
