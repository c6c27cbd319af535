//! Comparisons (`==`, `<`, `in`, `is`, chained as Python chains them) and truth values.

use std::cmp::Ordering;

use crate::error::ConfigErrorKind;
use crate::node::{Node, NodeValue, describe};

use super::super::ast::{CmpOp, Expr};
use super::{Evaluator, Result};

impl Evaluator<'_> {
    /// `first op1 b op2 c ...`: true when every comparison holds; operands evaluated once,
    /// left to right, stopping at the first that fails.
    pub(super) fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)]) -> Result<Node> {
        let mut left = self.eval(first)?;
        for (op, right) in rest {
            let right_value = self.eval(right)?;
            if !self.holds(*op, &left, &right_value, right.offset)? {
                return self.scalar(NodeValue::Bool(false), first.offset);
            }
            left = right_value;
        }
        self.scalar(NodeValue::Bool(true), first.offset)
    }

    fn holds(&self, op: CmpOp, left: &Node, right: &Node, offset: usize) -> Result<bool> {
        let (a, b) = (left.kind(), right.kind());
        let unsupported = || {
            self.error(
                offset,
                ConfigErrorKind::Unsupported(format!(
                    "the comparison `{}` of {} and {}",
                    op.symbol(),
                    describe(a),
                    describe(b)
                )),
            )
        };
        Ok(match op {
            CmpOp::Eq => equal(a, b),
            CmpOp::NotEq => !equal(a, b),
            CmpOp::In | CmpOp::NotIn => {
                let found = match b {
                    NodeValue::List(items) => items.iter().any(|item| equal(a, item.kind())),
                    NodeValue::Dict(entries) => match a {
                        NodeValue::Str(key) => entries.contains_key(key),
                        NodeValue::Int(i) => entries.contains_key(&i.to_string()),
                        _ => false,
                    },
                    NodeValue::Str(text) => match a {
                        NodeValue::Str(part) => text.contains(part.as_str()),
                        _ => return Err(unsupported()),
                    },
                    _ => return Err(unsupported()),
                };
                found == (op == CmpOp::In)
            }
            // Identity is only meaningful for the singletons `None`, `True` and `False`.
            CmpOp::Is | CmpOp::IsNot => match (a, b) {
                (NodeValue::Null | NodeValue::Bool(_), _)
                | (_, NodeValue::Null | NodeValue::Bool(_)) => (a == b) == (op == CmpOp::Is),
                _ => return Err(unsupported()),
            },
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                let Some(ordering) = order(a, b) else {
                    return Err(unsupported());
                };
                match op {
                    CmpOp::Lt => ordering == Ordering::Less,
                    CmpOp::LtE => ordering != Ordering::Greater,
                    CmpOp::Gt => ordering == Ordering::Greater,
                    _ => ordering != Ordering::Less,
                }
            }
        })
    }
}

/// Python's truth value: `None`, `False`, zero and empty containers are false.
pub(super) fn truthy(value: &NodeValue) -> bool {
    match value {
        NodeValue::Null => false,
        NodeValue::Bool(b) => *b,
        NodeValue::Int(i) => *i != 0,
        NodeValue::Float(x) => *x != 0.0,
        NodeValue::Str(s) => !s.is_empty(),
        NodeValue::List(items) => !items.is_empty(),
        NodeValue::Dict(entries) => !entries.is_empty(),
    }
}

/// Python's `==`: numbers compare by value (`1 == 1.0 == True`), containers item by item.
pub(super) fn equal(a: &NodeValue, b: &NodeValue) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => return x == y,
        (Some(_), None) | (None, Some(_)) => return false,
        (None, None) => {}
    }
    match (a, b) {
        (NodeValue::Null, NodeValue::Null) => true,
        (NodeValue::Str(x), NodeValue::Str(y)) => x == y,
        (NodeValue::List(x), NodeValue::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p.kind(), q.kind()))
        }
        (NodeValue::Dict(x), NodeValue::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equal(v.kind(), w.kind())))
        }
        _ => false,
    }
}

/// Python's ordering of numbers, of strings, and of lists item by item; `None` where Python
/// raises `TypeError`.
pub(super) fn order(a: &NodeValue, b: &NodeValue) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (number(a), number(b)) {
        return x.partial_cmp(&y);
    }
    match (a, b) {
        (NodeValue::Str(x), NodeValue::Str(y)) => Some(x.cmp(y)),
        (NodeValue::List(x), NodeValue::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                if !equal(p.kind(), q.kind()) {
                    return order(p.kind(), q.kind());
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        _ => None,
    }
}

/// A number as a comparable value (ints beyond 2^53 compare approximately).
fn number(value: &NodeValue) -> Option<f64> {
    match value {
        NodeValue::Int(i) => Some(*i as f64),
        NodeValue::Bool(b) => Some(f64::from(u8::from(*b))),
        NodeValue::Float(x) => Some(*x),
        _ => None,
    }
}
