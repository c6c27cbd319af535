//! Evaluates a parsed Python config as data.
//!
//! Statements run in order; each assignment binds a name. Names resolve to, in turn, the
//! variable of an enclosing comprehension, a variable assigned earlier in the file, a top-level
//! key of the merged `_base_` files, and `_base_` itself (the merged base dict, as mmengine
//! binds it). Nothing here runs user code: the only calls are to the builtins listed in
//! the parser's `BUILTINS`, and every value created is counted against
//! [`Limits::max_values`](super::super::Limits), so references that copy large values cannot
//! blow up.

use std::path::Path;
use std::sync::Arc;

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::node::{Dict, Node, NodeValue, describe, int_fits};
use super::super::source::{LineIndex, Position};
use super::ast::{DictItem, Expr, ExprKind, Statement};
use compare::truthy;

mod arithmetic;
mod assign;
mod base;
mod builtins;
mod compare;
mod comprehension;
mod methods;
mod sequences;
mod sharing;
mod statements;
mod subscript;
mod text;

pub(crate) use base::lookup;

/// What a file's statements leave.
pub(crate) struct Evaluated {
    /// The file's variables, as a dict located at the start of the file.
    pub(crate) own: Node,
    /// The merged bases, if the file changed them (`_base_.a.b = value`: mmengine merges the
    /// file over its changed `_base_`).
    pub(crate) changed_base: Option<Node>,
    /// Names bound by `from module import Name`: visible to files that import this one,
    /// left out of the config (as mmengine's `to_dict` does).
    pub(crate) imported: Vec<String>,
}

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
    /// Helper modules imported so far (`import copy`).
    imports: Vec<String>,
    /// Which variables Python may share with another place.
    sharing: sharing::Sharing,
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
            imports: Vec::new(),
            sharing: sharing::Sharing::default(),
        }
    }

    /// Runs the statements (except assignments to `_base_`).
    pub(crate) fn run(mut self, body: &[Statement], file: Arc<Path>) -> Result<Evaluated> {
        let mut imported = Vec::new();
        for statement in body {
            self.execute(statement, &mut imported)?;
        }
        let changed_base = self.vars.shift_remove("_base_");
        self.vars.retain(|name, _| !name.starts_with("__"));
        let own = Node::dict(self.vars, Some(Position::new(file, 1, 1)));
        Ok(Evaluated {
            own,
            changed_base,
            imported,
        })
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
        let mark = self.sharing_mark();
        let node = self.eval_kind(expr)?;
        self.note_reference(expr, &node, mark)?;
        Ok(node)
    }

    fn eval_kind(&mut self, expr: &Expr) -> Result<Node> {
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
                let items = self.items(items)?;
                self.list(items, offset)
            }
            ExprKind::Starred(_) => Err(self.error(
                offset,
                ConfigErrorKind::Unsupported("a starred expression here".into()),
            )),
            ExprKind::Dict(entries) => self.dict(entries, offset),
            ExprKind::FString(parts) => self.f_string(parts, offset),
            ExprKind::Call { func, args, kwargs } => self.call(func, args, kwargs, offset),
            ExprKind::Method { .. } => self.value_method(expr),
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
            ExprKind::Unary(op, operand) => {
                let value = self.eval(operand)?;
                self.unary(*op, value, offset)
            }
            ExprKind::Binary(op, left, right) => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                self.binary(*op, left, right, offset)
            }
            ExprKind::Compare(first, rest) => self.compare(first, rest),
            ExprKind::BoolOp { and, left, right } => {
                let left = self.eval(left)?;
                if truthy(left.kind()) == *and {
                    self.eval(right)
                } else {
                    Ok(left)
                }
            }
            ExprKind::IfElse { cond, then, other } => {
                let cond = self.eval(cond)?;
                self.eval(if truthy(cond.kind()) { then } else { other })
            }
            ExprKind::Comprehension {
                key,
                element,
                clauses,
            } => self.comprehension(key.as_deref(), element, clauses, offset),
        }
    }

    /// The items of a list or tuple display, or a call's positional arguments, with
    /// `*iterable` spread.
    fn items(&mut self, items: &[Expr]) -> Result<Vec<Node>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    let value = self.eval(inner)?;
                    out.extend(self.iterate(value, inner.offset)?);
                }
                _ => out.push(self.eval(item)?),
            }
        }
        Ok(out)
    }

    fn dict(&mut self, entries: &[DictItem], offset: usize) -> Result<Node> {
        let mut dict = Dict::new();
        for entry in entries {
            match entry {
                DictItem::Pair(key, value) => {
                    let key_node = self.eval(key)?;
                    let key_text = self.key(key_node, key.offset)?;
                    let value = self.eval(value)?;
                    dict.insert(key_text, value);
                }
                DictItem::Unpack(mapping) => {
                    let entries = self.mapping(mapping)?;
                    dict.extend(entries);
                }
            }
        }
        self.charge(1, offset)?;
        self.container(Node::dict(dict, Some(self.position(offset))), offset)
    }

    /// The entries of what `**` unpacks, which must be a dict.
    fn mapping(&mut self, expr: &Expr) -> Result<Dict> {
        match self.eval(expr)?.into_kind() {
            NodeValue::Dict(entries) => Ok(entries),
            other => Err(self.value_error(
                expr.offset,
                format!("`**` needs a dict, not {}", describe(&other)),
            )),
        }
    }

    /// A dict key: a string, or an int (stored as its decimal text, as JSON writes it).
    fn key(&self, key: Node, offset: usize) -> Result<String> {
        match key.into_kind() {
            NodeValue::Str(text) => Ok(text),
            NodeValue::Int(i) => Ok(i.to_string()),
            other => Err(self.value_error(
                offset,
                format!(
                    "dict keys must be strings or ints, not {}",
                    describe(&other)
                ),
            )),
        }
    }

    /// The items of an iterable value: a list's items, a string's characters, a dict's keys.
    fn iterate(&mut self, value: Node, offset: usize) -> Result<Vec<Node>> {
        match value.into_kind() {
            NodeValue::List(items) => Ok(items),
            NodeValue::Str(text) => {
                self.charge(text.chars().count(), offset)?;
                let loc = Some(self.position(offset));
                Ok(text
                    .chars()
                    .map(|c| Node::string(c.to_string(), loc.clone()))
                    .collect())
            }
            NodeValue::Dict(entries) => {
                self.charge(entries.len(), offset)?;
                let loc = Some(self.position(offset));
                Ok(entries
                    .into_keys()
                    .map(|k| Node::string(k, loc.clone()))
                    .collect())
            }
            other => Err(self.value_error(offset, format!("{} is not iterable", describe(&other)))),
        }
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
        if self.imports.iter().any(|module| module == name) && self.resolve(name).is_none() {
            return Err(self.error(
                offset,
                ConfigErrorKind::Unsupported(format!(
                    "the module `{name}` as a value (only its functions may be called)"
                )),
            ));
        }
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
