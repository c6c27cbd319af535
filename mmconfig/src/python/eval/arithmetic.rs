//! Unary and binary operators on numbers, strings and lists.

use crate::error::ConfigErrorKind;
use crate::node::{Node, NodeValue, describe};

use super::super::ast::BinOp;
use super::{Evaluator, Result};

impl Evaluator<'_> {
    pub(super) fn unary(&mut self, negate: bool, value: Node, offset: usize) -> Result<Node> {
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
                    if negate { "-" } else { "+" },
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
