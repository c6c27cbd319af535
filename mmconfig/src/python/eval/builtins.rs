//! Calls of the builtins a config may use.

use crate::error::ConfigErrorKind;
use crate::node::{Dict, Node, NodeValue, describe};

use super::super::ast::Expr;
use super::{Evaluator, Result};

impl Evaluator<'_> {
    pub(super) fn call(
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

    pub(super) fn float_to_int(&mut self, x: f64, offset: usize) -> Result<Node> {
        // Below 1e20 the conversion is exact; `int` then checks the 64-bit range.
        if x.abs() < 1e20 {
            self.int(x as i128, offset)
        } else {
            Err(self.value_error(offset, format!("{x} does not fit a 64-bit integer")))
        }
    }
}
