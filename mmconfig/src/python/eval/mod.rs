//! Evaluates a parsed Python config as data.
//!
//! Statements run in order; each assignment binds a name. Names resolve to, in turn, the
//! variable of an enclosing comprehension, a variable assigned earlier in the file, a top-level
//! key of the merged `_base_` files, and `_base_` itself (the merged base dict, as mmengine
//! binds it). Nothing here runs user code: the only calls are to the builtins listed in
//! [`BUILTINS`](super::parser::BUILTINS), and every value created is counted against
//! [`Limits::max_values`](super::super::Limits), so references that copy large values cannot
//! blow up.

use std::path::Path;
use std::sync::Arc;

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::node::{Dict, Node, NodeValue, int_fits};
use super::super::source::{LineIndex, Position};
use super::ast::{Assign, Expr, ExprKind};

mod arithmetic;
mod base;
mod builtins;
mod subscript;

pub(crate) use base::lookup;

/// The state of one file's evaluation.
pub(crate) struct Evaluator<'a> {
    pub(crate) text: &'a str,
    pub(crate) lines: &'a LineIndex,
    pub(crate) limits: &'a Limits,
    /// The merged `_base_` files, if the file has any.
    pub(crate) base: Option<&'a Node>,
    /// Variables assigned so far, in order.
    vars: Dict,
    /// Comprehension variables, innermost last.
    locals: Vec<(String, Node)>,
    /// Values created so far.
    created: usize,
}

type Result<T> = std::result::Result<T, ConfigError>;

impl<'a> Evaluator<'a> {
    pub(crate) fn new(
        text: &'a str,
        lines: &'a LineIndex,
        limits: &'a Limits,
        base: Option<&'a Node>,
    ) -> Self {
        Self {
            text,
            lines,
            limits,
            base,
            vars: Dict::new(),
            locals: Vec::new(),
            created: 0,
        }
    }

    /// Runs the assignments (except those to `_base_`) and returns the variables as a dict
    /// located at the start of the file.
    pub(crate) fn run(mut self, body: &[Assign], file: Arc<Path>) -> Result<Node> {
        for assign in body.iter().filter(|a| a.target != "_base_") {
            let value = self.eval(&assign.value)?;
            self.vars.insert(assign.target.clone(), value);
        }
        self.vars.retain(|name, _| !name.starts_with("__"));
        Ok(Node::dict(self.vars, Some(Position::new(file, 1, 1))))
    }

    /// Evaluates one expression on its own (used for `_base_ = ...`).
    pub(crate) fn eval_alone(mut self, expr: &Expr) -> Result<Node> {
        self.eval(expr)
    }

    fn position(&self, offset: usize) -> Position {
        self.lines.locate(self.text, offset)
    }

    fn error(&self, offset: usize, kind: ConfigErrorKind) -> ConfigError {
        ConfigError::at(kind, self.position(offset))
    }

    fn value_error(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        self.error(offset, ConfigErrorKind::Value(message.into()))
    }

    /// Counts `n` new values, failing past the limit.
    fn charge(&mut self, n: usize, offset: usize) -> Result<()> {
        self.created = self.created.saturating_add(n);
        if self.created > self.limits.max_values {
            return Err(self.error(
                offset,
                ConfigErrorKind::Limit {
                    what: "the number of values",
                    limit: self.limits.max_values,
                },
            ));
        }
        Ok(())
    }

    /// A copy of an existing value, counted.
    fn copy(&mut self, node: &Node, offset: usize) -> Result<Node> {
        self.charge(node.size(), offset)?;
        Ok(node.clone())
    }

    fn scalar(&mut self, kind: NodeValue, offset: usize) -> Result<Node> {
        self.charge(1, offset)?;
        Ok(Node::scalar(kind, Some(self.position(offset))))
    }

    fn int(&mut self, value: i128, offset: usize) -> Result<Node> {
        if !int_fits(value) {
            return Err(self.value_error(offset, format!("integer {value} does not fit 64 bits")));
        }
        self.scalar(NodeValue::Int(value), offset)
    }

    fn float(&mut self, value: f64, offset: usize) -> Result<Node> {
        if !value.is_finite() {
            return Err(self.value_error(offset, "float result is out of range (infinite or NaN)"));
        }
        self.scalar(NodeValue::Float(value), offset)
    }

    fn list(&mut self, items: Vec<Node>, offset: usize) -> Result<Node> {
        self.charge(1, offset)?;
        self.container(Node::list(items, Some(self.position(offset))), offset)
    }

    fn container(&self, node: Node, offset: usize) -> Result<Node> {
        if node.height() > self.limits.max_depth {
            return Err(self.error(
                offset,
                ConfigErrorKind::Limit {
                    what: "value nesting depth",
                    limit: self.limits.max_depth,
                },
            ));
        }
        Ok(node)
    }

    fn eval(&mut self, expr: &Expr) -> Result<Node> {
        let offset = expr.offset;
        match &expr.kind {
            ExprKind::Int(i) => self.int(*i, offset),
            ExprKind::Float(x) => self.float(*x, offset),
            ExprKind::Str(s) => self.scalar(NodeValue::Str(s.clone()), offset),
            ExprKind::Bool(b) => self.scalar(NodeValue::Bool(*b), offset),
            ExprKind::None => self.scalar(NodeValue::Null, offset),
            ExprKind::Name(name) => self.name(name, offset),
            ExprKind::BaseRef(path) => self.base_path(path, offset),
            ExprKind::Attribute(..) => self.attribute(expr),
            ExprKind::List(items) | ExprKind::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|item| self.eval(item))
                    .collect::<Result<Vec<_>>>()?;
                self.list(items, offset)
            }
            ExprKind::Dict(entries) => self.dict(entries, offset),
            ExprKind::Call { func, args, kwargs } => self.call(func, args, kwargs, offset),
            ExprKind::Index(value, index) => {
                let value = self.eval(value)?;
                let index = self.eval(index)?;
                self.index(value, &index, offset)
            }
            ExprKind::Slice {
                value,
                start,
                stop,
                step,
            } => {
                let value = self.eval(value)?;
                let bounds = [start, stop, step].map(|part| part.as_deref());
                let [start, stop, step] = self.slice_bounds(bounds)?;
                self.slice(value, start, stop, step, offset)
            }
            ExprKind::Unary { negate, operand } => {
                let value = self.eval(operand)?;
                self.unary(*negate, value, offset)
            }
            ExprKind::Binary(op, left, right) => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                self.binary(*op, left, right, offset)
            }
            ExprKind::ListComp { element, var, iter } => {
                self.list_comprehension(element, var, iter, offset)
            }
        }
    }

    fn dict(&mut self, entries: &[(Expr, Expr)], offset: usize) -> Result<Node> {
        let mut dict = Dict::new();
        for (key, value) in entries {
            let key_node = self.eval(key)?;
            let NodeValue::Str(key_text) = key_node.into_kind() else {
                return Err(self.value_error(key.offset, "dict keys must be strings"));
            };
            let value = self.eval(value)?;
            dict.insert(key_text, value);
        }
        self.charge(1, offset)?;
        self.container(Node::dict(dict, Some(self.position(offset))), offset)
    }

    /// `[element for var in iter]`.
    fn list_comprehension(
        &mut self,
        element: &Expr,
        var: &str,
        iter: &Expr,
        offset: usize,
    ) -> Result<Node> {
        let iterable = self.eval(iter)?;
        let NodeValue::List(items) = iterable.into_kind() else {
            return Err(self.value_error(
                iter.offset,
                "a comprehension can only iterate over a list or tuple",
            ));
        };
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            self.locals.push((var.to_owned(), item));
            let result = self.eval(element);
            self.locals.pop();
            results.push(result?);
        }
        self.list(results, offset)
    }

    /// The value a name refers to, if any.
    fn resolve(&self, name: &str) -> Option<&Node> {
        self.locals
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map(|(_, value)| value)
            .or_else(|| self.vars.get(name))
            .or_else(|| {
                self.base
                    .and_then(Node::as_dict)
                    .and_then(|base| base.get(name))
            })
            .or_else(|| self.base.filter(|_| name == "_base_"))
    }

    fn name(&mut self, name: &str, offset: usize) -> Result<Node> {
        let Some(size) = self.resolve(name).map(Node::size) else {
            if name == "_base_" {
                return Err(self.error(
                    offset,
                    ConfigErrorKind::BaseReference {
                        path: "_base_".into(),
                        reason: "; this config has no `_base_` files".into(),
                    },
                ));
            }
            return Err(self.error(offset, ConfigErrorKind::UndefinedName(name.to_owned())));
        };
        self.charge(size, offset)?;
        let value = self.resolve(name).cloned();
        value.ok_or_else(|| self.error(offset, ConfigErrorKind::UndefinedName(name.to_owned())))
    }
}
