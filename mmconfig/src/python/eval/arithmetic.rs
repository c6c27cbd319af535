//! Unary and binary operators on numbers, strings and lists.

use crate::error::{ConfigError, ConfigErrorKind};
use crate::node::{Node, NodeValue, describe};

use super::super::ast::{BinOp, UnaryOp};
use super::compare::truthy;
use super::{Evaluator, Result};

impl Evaluator<'_> {
    pub(super) fn unary(&mut self, op: UnaryOp, value: Node, offset: usize) -> Result<Node> {
        match (op, value.kind()) {
            (UnaryOp::Not, kind) => self.scalar(NodeValue::Bool(!truthy(kind)), offset),
            (UnaryOp::Neg, NodeValue::Int(i)) => self.int(-i, offset),
            (UnaryOp::Neg, NodeValue::Float(x)) => self.float(-x, offset),
            (UnaryOp::Neg, NodeValue::Bool(b)) => self.int(-i128::from(*b), offset),
            (UnaryOp::Pos, NodeValue::Int(_) | NodeValue::Float(_)) => Ok(value),
            (UnaryOp::Pos, NodeValue::Bool(b)) => self.int(i128::from(*b), offset),
            (UnaryOp::Invert, NodeValue::Int(i)) => self.int(!i, offset),
            (UnaryOp::Invert, NodeValue::Bool(b)) => self.int(!i128::from(*b), offset),
            (op, other) => Err(self.value_error(
                offset,
                format!(
                    "bad operand for unary `{}`: {}",
                    op.symbol(),
                    describe(other)
                ),
            )),
        }
    }

    pub(super) fn binary(
        &mut self,
        op: BinOp,
        left: Node,
        right: Node,
        offset: usize,
    ) -> Result<Node> {
        let bitwise = matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor);
        if let (true, NodeValue::Bool(a), NodeValue::Bool(b)) = (bitwise, left.kind(), right.kind())
        {
            let value = match op {
                BinOp::BitAnd => a & b,
                BinOp::BitOr => a | b,
                _ => a ^ b,
            };
            return self.scalar(NodeValue::Bool(value), offset);
        }
        match (numeric(left.kind()), numeric(right.kind())) {
            (Some(Num::Int(a)), Some(Num::Int(b))) => return self.int_op(op, a, b, offset),
            (Some(a), Some(b)) if !bitwise && !matches!(op, BinOp::LShift | BinOp::RShift) => {
                return self.float_op(op, a.to_f64(), b.to_f64(), offset);
            }
            _ => {}
        }
        match (op, left.into_kind(), right.into_kind()) {
            (BinOp::Add, NodeValue::Str(a), NodeValue::Str(b)) => self.string(a + &b, offset),
            (BinOp::Add, NodeValue::List(mut a), NodeValue::List(b)) => {
                a.extend(b);
                self.list(a, offset)
            }
            (BinOp::Mul, NodeValue::List(items), NodeValue::Int(n))
            | (BinOp::Mul, NodeValue::Int(n), NodeValue::List(items)) => {
                self.repeat(items, n, offset)
            }
            (BinOp::Mul, NodeValue::Str(text), NodeValue::Int(n))
            | (BinOp::Mul, NodeValue::Int(n), NodeValue::Str(text)) => {
                let times = usize::try_from(n).unwrap_or(0);
                if text.len().saturating_mul(times) > self.limits.max_string_len {
                    return Err(self.limit("string length", self.limits.max_string_len, offset));
                }
                self.string(text.repeat(times), offset)
            }
            (BinOp::BitOr, NodeValue::Dict(mut a), NodeValue::Dict(b)) => {
                a.extend(b);
                self.charge(1, offset)?;
                self.container(Node::dict(a, Some(self.position(offset))), offset)
            }
            (_, a, b) => Err(self.value_error(
                offset,
                format!(
                    "operator `{}` on {} and {} is not supported",
                    op.symbol(),
                    describe(&a),
                    describe(&b)
                ),
            )),
        }
    }

    /// `items * n`: the items repeated, each copy counted.
    fn repeat(&mut self, items: Vec<Node>, n: i128, offset: usize) -> Result<Node> {
        let times = usize::try_from(n).unwrap_or(0);
        let size: usize = items.iter().map(Node::size).sum();
        self.charge(size.saturating_mul(times.saturating_sub(1)), offset)?;
        let mut out = Vec::with_capacity(items.len().saturating_mul(times));
        for _ in 0..times {
            out.extend(items.iter().cloned());
        }
        self.list(out, offset)
    }

    fn string(&mut self, text: String, offset: usize) -> Result<Node> {
        if text.len() > self.limits.max_string_len {
            return Err(self.limit("string length", self.limits.max_string_len, offset));
        }
        self.scalar(NodeValue::Str(text), offset)
    }

    fn limit(&self, what: &'static str, limit: usize, offset: usize) -> ConfigError {
        self.error(offset, ConfigErrorKind::Limit { what, limit })
    }

    pub(super) fn int_op(&mut self, op: BinOp, a: i128, b: i128, offset: usize) -> Result<Node> {
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
            BinOp::LShift | BinOp::RShift if b < 0 => {
                return Err(self.value_error(offset, "negative shift count"));
            }
            BinOp::LShift => u32::try_from(b)
                .ok()
                .filter(|b| *b < 127)
                .and_then(|b| a.checked_mul(1i128 << b)),
            BinOp::RShift => Some(a >> b.min(127)),
            BinOp::BitAnd => Some(a & b),
            BinOp::BitOr => Some(a | b),
            BinOp::BitXor => Some(a ^ b),
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

    pub(super) fn float_op(&mut self, op: BinOp, a: f64, b: f64, offset: usize) -> Result<Node> {
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
            _ => {
                return Err(self.value_error(
                    offset,
                    format!("operator `{}` on floats is not supported", op.symbol()),
                ));
            }
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
