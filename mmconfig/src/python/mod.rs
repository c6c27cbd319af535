//! mmengine-style Python configs, read as data by our own lexer, parser and evaluator.
//!
//! No Python runs: the text is tokenized ([`lexer`]), parsed into assignments of a small
//! expression language ([`parser`]) and evaluated ([`eval`]) into a dict of the file's
//! variables. What falls outside the subset is an error naming the construct and its place.

mod ast;
mod eval;
mod lexer;
pub(crate) mod number;
mod parser;

use std::path::Path;
use std::sync::Arc;

pub(crate) use eval::lookup;
pub(crate) use parser::{KEYWORDS, parse_base_path};

use super::error::{ConfigError, ConfigErrorKind};
use super::limits::Limits;
use super::node::{Node, NodeValue};
use super::source::{LineIndex, Position};

/// A parsed Python config, ready to be evaluated once its `_base_` files are loaded.
pub(crate) struct PythonConfig {
    file: Arc<Path>,
    text: String,
    lines: LineIndex,
    module: ast::Module,
}

impl PythonConfig {
    /// Tokenizes and parses `text`, the contents of `file`.
    pub(crate) fn parse(
        text: String,
        file: Arc<Path>,
        limits: &Limits,
    ) -> Result<Self, ConfigError> {
        let lines = LineIndex::new(file.clone(), &text);
        let tokens = lexer::tokenize(&text, &lines, limits)?;
        let module = parser::parse(&tokens, &text, &lines, limits)?;
        Ok(Self {
            file,
            text,
            lines,
            module,
        })
    }

    /// Whether this is a new-style config (`with read_base():` or `from module import Name`),
    /// which mmengine reads as Python's imports do, not by merging `_base_` files.
    pub(crate) fn is_new_style(&self) -> bool {
        self.module.body.iter().any(|statement| {
            matches!(
                statement,
                ast::Statement::ReadBase { .. } | ast::Statement::ImportNames { .. }
            )
        })
    }

    /// Where the first new-style statement (`with read_base():`, `from module import Name`)
    /// is, if any.
    pub(crate) fn first_new_style(&self) -> Option<Position> {
        self.module
            .body
            .iter()
            .find_map(|statement| match statement {
                ast::Statement::ReadBase { offset, .. }
                | ast::Statement::ImportNames { offset, .. } => {
                    Some(self.lines.locate(&self.text, *offset))
                }
                _ => None,
            })
    }

    /// The files `with read_base():` names (new-style configs), with where each is named.
    pub(crate) fn read_bases(&self) -> Vec<(String, Position)> {
        let named = self
            .module
            .body
            .iter()
            .filter_map(|statement| match statement {
                ast::Statement::ReadBase { module, offset } => Some((
                    parser::base_module_path(module),
                    self.lines.locate(&self.text, *offset),
                )),
                _ => None,
            });
        named.collect()
    }

    /// The files named by the first `_base_ = ...` assignment, with where each is named.
    ///
    /// As in mmengine, that assignment is evaluated on its own, before anything else, so it
    /// may only hold a string or a list of strings.
    pub(crate) fn bases(&self, limits: &Limits) -> Result<Vec<(String, Position)>, ConfigError> {
        let assign = self
            .module
            .body
            .iter()
            .find_map(|statement| match statement {
                ast::Statement::Assign { value, .. }
                    if statement.assigned_name() == Some("_base_") =>
                {
                    Some(value)
                }
                _ => None,
            });
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        let value =
            eval::Evaluator::new(&self.text, &self.lines, limits, None).eval_alone(assign)?;
        base_list(value)
    }

    /// Evaluates the file over its merged `_base_` files (`None` when it has none).
    pub(crate) fn evaluate(
        &self,
        base: Option<&Node>,
        limits: &Limits,
    ) -> Result<eval::Evaluated, ConfigError> {
        eval::Evaluator::new(&self.text, &self.lines, limits, base)
            .run(&self.module.body, self.file.clone())
    }
}

/// The paths of a `_base_` value: a string or a list of strings.
pub(crate) fn base_list(value: Node) -> Result<Vec<(String, Position)>, ConfigError> {
    let (kind, loc) = value.into_parts();
    let not_paths = |loc: Option<Position>| {
        ConfigError::new(ConfigErrorKind::Value(
            "`_base_` must be a file path or a list of file paths".into(),
        ))
        .with_location(loc)
    };
    match kind {
        NodeValue::Str(path) => Ok(vec![(path, loc.ok_or_else(|| not_paths(None))?)]),
        NodeValue::List(items) => items
            .into_iter()
            .map(|item| {
                let (kind, item_loc) = item.into_parts();
                match (kind, item_loc) {
                    (NodeValue::Str(path), Some(at)) => Ok((path, at)),
                    (_, at) => Err(not_paths(at.or_else(|| loc.clone()))),
                }
            })
            .collect(),
        _ => Err(not_paths(loc)),
    }
}
