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
use super::super::node::{Dict, Node, NodeValue, describe, int_fits};
use super::super::source::{LineIndex, Position};
use super::parser::{Assign, BinOp, Expr, ExprKind};

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
            ExprKind::Dict(entries) => {
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
                let mut bound = |part: &Option<Box<Expr>>| -> Result<Option<i128>> {
                    let Some(part) = part else { return Ok(None) };
                    match self.eval(part)?.into_kind() {
                        NodeValue::Int(i) => Ok(Some(i)),
                        NodeValue::Null => Ok(None),
                        other => Err(self.value_error(
                            part.offset,
                            format!(
                                "slice indices must be ints or None, not {}",
                                describe(&other)
                            ),
                        )),
                    }
                };
                let (start, stop, step) = (bound(start)?, bound(stop)?, bound(step)?);
                self.slice(value, start, stop, step, offset)
            }
            ExprKind::Unary { negate, operand } => {
                let value = self.eval(operand)?;
                match (value.kind(), negate) {
                    (NodeValue::Int(i), true) => self.int(-i, offset),
                    (NodeValue::Float(x), true) => self.float(-x, offset),
                    (NodeValue::Bool(b), true) => self.int(-i128::from(*b), offset),
                    (NodeValue::Int(_) | NodeValue::Float(_), false) => Ok(value),
                    (NodeValue::Bool(b), false) => self.int(i128::from(*b), offset),
                    (other, _) => Err(self.value_error(
                        offset,
                        format!(
                            "bad operand for unary `{}`: {}",
                            if *negate { "-" } else { "+" },
                            describe(other)
                        ),
                    )),
                }
            }
            ExprKind::Binary(op, left, right) => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                self.binary(*op, left, right, offset)
            }
            ExprKind::ListComp { element, var, iter } => {
                let iterable = self.eval(iter)?;
                let NodeValue::List(items) = iterable.into_kind() else {
                    return Err(self.value_error(
                        iter.offset,
                        "a comprehension can only iterate over a list or tuple",
                    ));
                };
                let mut results = Vec::with_capacity(items.len());
                for item in items {
                    self.locals.push((var.clone(), item));
                    let result = self.eval(element);
                    self.locals.pop();
                    results.push(result?);
                }
                self.list(results, offset)
            }
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

    /// `_base_.a.b`: only attribute access on `_base_` is allowed, as on mmengine's ConfigDict.
    fn attribute(&mut self, expr: &Expr) -> Result<Node> {
        let mut path = Vec::new();
        let mut current = expr;
        while let ExprKind::Attribute(inner, name) = &current.kind {
            path.push(name.clone());
            current = inner;
        }
        path.reverse();
        if !matches!(&current.kind, ExprKind::Name(root) if root == "_base_") {
            let text = self.attribute_text(expr);
            return Err(self.error(
                expr.offset,
                ConfigErrorKind::Unsupported(format!(
                    "attribute access `{text}` on anything but `_base_`"
                )),
            ));
        }
        self.base_path(&path, expr.offset)
    }

    fn attribute_text(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Attribute(inner, name) => format!("{}.{name}", self.attribute_text(inner)),
            ExprKind::Name(name) => name.clone(),
            _ => "(...)".to_owned(),
        }
    }

    /// The value at `path` in the merged base files.
    fn base_path(&mut self, path: &[String], offset: usize) -> Result<Node> {
        let dotted = format!("_base_.{}", path.join("."));
        let Some(base) = self.base else {
            return Err(self.error(
                offset,
                ConfigErrorKind::BaseReference {
                    path: dotted,
                    reason: "; this config has no `_base_` files".into(),
                },
            ));
        };
        match lookup(base, path) {
            Ok(node) => self.copy(node, offset),
            Err(reason) => Err(self.error(
                offset,
                ConfigErrorKind::BaseReference {
                    path: dotted,
                    reason,
                },
            )),
        }
    }

    fn call(
        &mut self,
        func: &str,
        args: &[Expr],
        kwargs: &[(String, Expr)],
        offset: usize,
    ) -> Result<Node> {
        if func == "dict" {
            if let Some(arg) = args.first() {
                return Err(self.error(
                    arg.offset,
                    ConfigErrorKind::Unsupported("positional arguments to `dict()`".into()),
                ));
            }
            let mut dict = Dict::new();
            for (key, value) in kwargs {
                let value = self.eval(value)?;
                dict.insert(key.clone(), value);
            }
            self.charge(1, offset)?;
            return self.container(Node::dict(dict, Some(self.position(offset))), offset);
        }
        if let Some((key, value)) = kwargs.first() {
            return Err(self.error(
                value.offset,
                ConfigErrorKind::Unsupported(format!("keyword argument `{key}` to `{func}()`")),
            ));
        }
        let [arg] = args else {
            return Err(self.value_error(
                offset,
                format!(
                    "`{func}()` takes exactly one argument here, got {}",
                    args.len()
                ),
            ));
        };
        let value = self.eval(arg)?;
        let kind = value.kind().clone();
        let bad = |this: &Self| {
            this.value_error(
                arg.offset,
                format!("`{func}()` of {} is not supported", describe(&kind)),
            )
        };
        match (func, value.into_kind()) {
            ("list" | "tuple", NodeValue::List(items)) => self.list(items, offset),
            ("round" | "int", NodeValue::Int(i)) => self.int(i, offset),
            ("round" | "int" | "abs", NodeValue::Bool(b)) => self.int(i128::from(b), offset),
            ("round", NodeValue::Float(x)) => self.float_to_int(x.round_ties_even(), offset),
            ("int", NodeValue::Float(x)) => self.float_to_int(x.trunc(), offset),
            ("float", NodeValue::Int(i)) => self.float(i as f64, offset),
            ("float", NodeValue::Float(x)) => self.float(x, offset),
            ("float", NodeValue::Bool(b)) => self.float(f64::from(u8::from(b)), offset),
            ("float" | "int", NodeValue::Str(_)) => Err(self.error(
                offset,
                ConfigErrorKind::Unsupported(format!(
                    "`{func}()` of a string (such as `float('inf')`)"
                )),
            )),
            ("abs", NodeValue::Int(i)) => self.int(i.abs(), offset),
            ("abs", NodeValue::Float(x)) => self.float(x.abs(), offset),
            _ => Err(bad(self)),
        }
    }

    fn float_to_int(&mut self, x: f64, offset: usize) -> Result<Node> {
        // Below 1e20 the conversion is exact; `int` then checks the 64-bit range.
        if x.abs() < 1e20 {
            self.int(x as i128, offset)
        } else {
            Err(self.value_error(offset, format!("{x} does not fit a 64-bit integer")))
        }
    }

    fn index(&mut self, value: Node, index: &Node, offset: usize) -> Result<Node> {
        match (value.into_kind(), index.kind()) {
            (NodeValue::List(mut items), NodeValue::Int(i)) => {
                let len = items.len();
                let at = resolve_index(*i, len).ok_or_else(|| {
                    self.value_error(
                        offset,
                        format!("index {i} is out of range for a list of {len} items"),
                    )
                })?;
                Ok(items.swap_remove(at))
            }
            (NodeValue::Str(s), NodeValue::Int(i)) => {
                let chars: Vec<char> = s.chars().collect();
                let at = resolve_index(*i, chars.len()).ok_or_else(|| {
                    self.value_error(
                        offset,
                        format!(
                            "index {i} is out of range for a string of {} characters",
                            chars.len()
                        ),
                    )
                })?;
                let c = chars.get(at).copied().unwrap_or_default();
                self.scalar(NodeValue::Str(c.to_string()), offset)
            }
            (NodeValue::Dict(mut entries), NodeValue::Str(key)) => entries
                .swap_remove(key)
                .ok_or_else(|| self.value_error(offset, format!("key '{key}' is not in the dict"))),
            (kind, index) => Err(self.value_error(
                offset,
                format!(
                    "cannot subscript {} with {}",
                    describe(&kind),
                    describe(index)
                ),
            )),
        }
    }

    fn slice(
        &mut self,
        value: Node,
        start: Option<i128>,
        stop: Option<i128>,
        step: Option<i128>,
        offset: usize,
    ) -> Result<Node> {
        let step = step.unwrap_or(1);
        if step == 0 {
            return Err(self.value_error(offset, "slice step cannot be zero"));
        }
        match value.into_kind() {
            NodeValue::List(items) => {
                let picked = slice_indices(items.len(), start, stop, step);
                let mut slots: Vec<Option<Node>> = items.into_iter().map(Some).collect();
                let items = picked
                    .into_iter()
                    .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                    .collect();
                self.list(items, offset)
            }
            NodeValue::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let text: String = slice_indices(chars.len(), start, stop, step)
                    .into_iter()
                    .filter_map(|i| chars.get(i))
                    .collect();
                self.scalar(NodeValue::Str(text), offset)
            }
            other => Err(self.value_error(offset, format!("cannot slice {}", describe(&other)))),
        }
    }

    fn binary(&mut self, op: BinOp, left: Node, right: Node, offset: usize) -> Result<Node> {
        let symbol = op.symbol();
        match (numeric(left.kind()), numeric(right.kind())) {
            (Some(Num::Int(a)), Some(Num::Int(b))) => self.int_op(op, a, b, offset),
            (Some(a), Some(b)) => self.float_op(op, a.to_f64(), b.to_f64(), offset),
            _ => match (op, left.into_kind(), right.into_kind()) {
                (BinOp::Add, NodeValue::Str(a), NodeValue::Str(b)) => {
                    if a.len() + b.len() > self.limits.max_string_len {
                        return Err(self.error(
                            offset,
                            ConfigErrorKind::Limit {
                                what: "string length",
                                limit: self.limits.max_string_len,
                            },
                        ));
                    }
                    self.scalar(NodeValue::Str(a + &b), offset)
                }
                (BinOp::Add, NodeValue::List(mut a), NodeValue::List(b)) => {
                    a.extend(b);
                    self.list(a, offset)
                }
                (_, a, b) => Err(self.value_error(
                    offset,
                    format!(
                        "operator `{symbol}` on {} and {} is not supported",
                        describe(&a),
                        describe(&b)
                    ),
                )),
            },
        }
    }

    fn int_op(&mut self, op: BinOp, a: i128, b: i128, offset: usize) -> Result<Node> {
        let overflow = || format!("integer overflow in `{}`", op.symbol());
        let result = match op {
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::Div => {
                if b == 0 {
                    return Err(self.value_error(offset, "division by zero"));
                }
                return self.float(a as f64 / b as f64, offset);
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if b == 0 {
                    return Err(self.value_error(offset, "division by zero"));
                }
                let (q, r) = (a.div_euclid(b), a.rem_euclid(b));
                // Python rounds the quotient toward negative infinity.
                let (q, r) = if r != 0 && b < 0 {
                    (q + 1, r + b)
                } else {
                    (q, r)
                };
                Some(if op == BinOp::FloorDiv { q } else { r })
            }
            BinOp::Pow => {
                if b < 0 {
                    return self.float((a as f64).powf(b as f64), offset);
                }
                u32::try_from(b).ok().and_then(|e| a.checked_pow(e))
            }
        };
        match result {
            Some(value) => self.int(value, offset),
            None => Err(self.value_error(offset, overflow())),
        }
    }

    fn float_op(&mut self, op: BinOp, a: f64, b: f64, offset: usize) -> Result<Node> {
        if b == 0.0 && matches!(op, BinOp::Div | BinOp::FloorDiv | BinOp::Mod) {
            return Err(self.value_error(offset, "division by zero"));
        }
        let result = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => a / b,
            BinOp::FloorDiv => (a / b).floor(),
            BinOp::Mod => a - b * (a / b).floor(),
            BinOp::Pow => a.powf(b),
        };
        self.float(result, offset)
    }
}

/// A number operand; bools count as ints, as in Python.
#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    fn to_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(x) => x,
        }
    }
}

fn numeric(kind: &NodeValue) -> Option<Num> {
    match kind {
        NodeValue::Int(i) => Some(Num::Int(*i)),
        NodeValue::Bool(b) => Some(Num::Int(i128::from(*b))),
        NodeValue::Float(x) => Some(Num::Float(*x)),
        _ => None,
    }
}

/// Follows `path` (dict keys, or list indices for numeric parts) from `node`; on failure, the
/// reason, starting with "; ".
pub(crate) fn lookup<'n>(node: &'n Node, path: &[String]) -> std::result::Result<&'n Node, String> {
    let mut current = node;
    for (depth, part) in path.iter().enumerate() {
        let next = match current.kind() {
            NodeValue::Dict(entries) => entries.get(part),
            NodeValue::List(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        current = next.ok_or_else(|| {
            let parent = path.get(..depth).unwrap_or(&[]).join(".");
            if depth == 0 {
                format!("; the bases have no key `{part}`")
            } else {
                format!(
                    "; `_base_.{parent}` ({}) has no `{part}`",
                    current.describe()
                )
            }
        })?;
    }
    Ok(current)
}

/// Python's index resolution: negative counts from the end.
fn resolve_index(i: i128, len: usize) -> Option<usize> {
    let len = i128::try_from(len).ok()?;
    let at = if i < 0 { i + len } else { i };
    if (0..len).contains(&at) {
        usize::try_from(at).ok()
    } else {
        None
    }
}

/// The indices `[start:stop:step]` selects from a sequence of `len` items (Python's
/// `slice.indices`); `step` is not zero.
fn slice_indices(len: usize, start: Option<i128>, stop: Option<i128>, step: i128) -> Vec<usize> {
    let n = i128::try_from(len).unwrap_or(i128::MAX);
    let clamp = |bound: Option<i128>, default: i128| -> i128 {
        match bound {
            None => default,
            Some(b) if b < 0 => {
                let b = b + n;
                if b < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    b
                }
            }
            Some(b) if b >= n => {
                if step < 0 {
                    n - 1
                } else {
                    n
                }
            }
            Some(b) => b,
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(start, 0), clamp(stop, n))
    } else {
        (clamp(start, n - 1), clamp(stop, -1))
    };
    let mut indices = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if let Ok(at) = usize::try_from(i) {
            indices.push(at);
        }
        i += step;
    }
    indices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_follow_python() {
        assert_eq!(slice_indices(3, None, None, -1), [2, 1, 0]);
        assert_eq!(slice_indices(5, Some(1), Some(-1), 1), [1, 2, 3]);
        assert_eq!(slice_indices(5, Some(-2), None, 1), [3, 4]);
        assert_eq!(slice_indices(5, None, None, 2), [0, 2, 4]);
        assert_eq!(slice_indices(5, Some(10), Some(-10), -2), [4, 2, 0]);
        assert_eq!(slice_indices(5, Some(-10), Some(10), 1), [0, 1, 2, 3, 4]);
        assert!(slice_indices(0, None, None, -1).is_empty());
    }

    #[test]
    fn indices_follow_python() {
        assert_eq!(resolve_index(-1, 3), Some(2));
        assert_eq!(resolve_index(3, 3), None);
        assert_eq!(resolve_index(-4, 3), None);
    }
}
