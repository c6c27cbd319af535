//! What may follow a value: calls, subscripts and slices, attributes.

use super::super::super::error::{ConfigError, ConfigErrorKind};
use super::super::ast::{Expr, ExprKind, Keyword, describe};
use super::super::lexer::Tok;
use super::Parser;
use super::keywords::{BUILTINS, HELPER_MODULES, METHODS};

impl Parser<'_> {
    /// An atom followed by any number of calls, subscripts and attributes.
    pub(super) fn primary(&mut self) -> Result<Expr, ConfigError> {
        let saved = self.depth;
        let mut expr = self.atom()?;
        loop {
            let offset = self.offset();
            if self.is_op("(") {
                self.enter(offset)?;
                expr = self.call(expr)?;
            } else if self.is_op("[") {
                self.enter(offset)?;
                self.bump();
                expr = self.subscript(expr)?;
            } else if self.is_op(".") {
                self.enter(offset)?;
                self.bump();
                let Tok::Name(name) = self.bump() else {
                    return Err(self.unexpected("an attribute name after `.`"));
                };
                let start = expr.offset;
                expr = Expr {
                    kind: ExprKind::Attribute(Box::new(expr), name),
                    offset: start,
                };
            } else {
                break;
            }
        }
        self.depth = saved;
        Ok(expr)
    }

    pub(super) fn call(&mut self, callee: Expr) -> Result<Expr, ConfigError> {
        let offset = callee.offset;
        if let ExprKind::Attribute(receiver, name) = &callee.kind
            && METHODS.contains(&name.as_str())
            && !matches!(&receiver.kind, ExprKind::Name(m) if HELPER_MODULES.iter().any(|(h, _)| h == m))
        {
            self.expect_op("(")?;
            let (args, kwargs) = self.arguments()?;
            if name == "copy" && !(args.is_empty() && kwargs.is_empty()) {
                return Err(self.unsupported_at(offset, format!("arguments to `.{name}()`")));
            }
            let (receiver, name) = (receiver.clone(), name.clone());
            return Ok(Expr {
                kind: ExprKind::Method {
                    receiver,
                    name,
                    args,
                    kwargs,
                },
                offset,
            });
        }
        let func = self.callee_name(callee)?;
        self.expect_op("(")?;
        let (args, kwargs) = self.arguments()?;
        Ok(Expr {
            kind: ExprKind::Call { func, args, kwargs },
            offset,
        })
    }

    /// The name of a function a config may call: a builtin, or `module.function` of a helper
    /// module (whether it was imported is checked when evaluating).
    fn callee_name(&self, callee: Expr) -> Result<String, ConfigError> {
        let offset = callee.offset;
        match callee.kind {
            ExprKind::Name(name) if BUILTINS.contains(&name.as_str()) => Ok(name),
            ExprKind::Name(name) => {
                Err(self.unsupported_at(offset, format!("a call to `{name}(...)`")))
            }
            ExprKind::Attribute(inner, function) => {
                if let ExprKind::Name(module) = &inner.kind
                    && HELPER_MODULES
                        .iter()
                        .any(|(m, functions)| m == module && functions.contains(&function.as_str()))
                {
                    return Ok(format!("{module}.{function}"));
                }
                let dotted = self
                    .text
                    .get(offset..self.offset())
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                Err(self.unsupported_at(offset, format!("an attribute call `{dotted}(...)`")))
            }
            other => Err(self.unsupported_at(offset, format!("a call of {}", describe(&other)))),
        }
    }

    /// After `(`: positional arguments (`*iterable` among them), then keyword arguments
    /// (`**mapping` among them), up to `)`. A lone generator expression is one argument.
    fn arguments(&mut self) -> Result<(Vec<Expr>, Vec<Keyword>), ConfigError> {
        let mut args = Vec::new();
        let mut kwargs: Vec<Keyword> = Vec::new();
        while !self.is_op(")") {
            let arg_offset = self.offset();
            if let (Tok::Name(name), Tok::Op("=")) = (self.peek(), self.peek_at(1)) {
                let name = name.clone();
                if kwargs
                    .iter()
                    .any(|k| k.name.as_deref() == Some(name.as_str()))
                {
                    return Err(self.error_at(
                        arg_offset,
                        ConfigErrorKind::Syntax(format!("keyword argument `{name}` repeated")),
                    ));
                }
                self.pos += 2;
                let value = self.expression()?;
                kwargs.push(Keyword {
                    name: Some(name),
                    value,
                });
            } else if self.eat_op("**") {
                let value = self.or_test()?;
                kwargs.push(Keyword { name: None, value });
            } else {
                if !kwargs.is_empty() {
                    return Err(self.error_at(
                        arg_offset,
                        ConfigErrorKind::Syntax(
                            "positional argument follows keyword argument".into(),
                        ),
                    ));
                }
                let arg = if self.eat_op("*") {
                    let value = self.or_test()?;
                    Expr {
                        kind: ExprKind::Starred(Box::new(value)),
                        offset: arg_offset,
                    }
                } else {
                    self.expression()?
                };
                if args.is_empty() && self.is_name("for") {
                    args.push(self.generator(arg, arg_offset)?);
                    break;
                }
                args.push(arg);
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok((args, kwargs))
    }

    /// After `[`: an index or a slice, up to `]`.
    pub(super) fn subscript(&mut self, value: Expr) -> Result<Expr, ConfigError> {
        let offset = value.offset;
        let start = self.optional_slice_part()?;
        if !self.is_op(":") {
            let Some(index) = start else {
                return Err(self.unexpected("an index"));
            };
            if self.is_op(",") {
                return Err(self.unsupported_at(self.offset(), "a subscript with several indices"));
            }
            self.expect_op("]")?;
            return Ok(Expr {
                kind: ExprKind::Index(Box::new(value), index),
                offset,
            });
        }
        self.bump();
        let stop = self.optional_slice_part()?;
        let step = if self.eat_op(":") {
            self.optional_slice_part()?
        } else {
            None
        };
        self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::Slice {
                value: Box::new(value),
                start,
                stop,
                step,
            },
            offset,
        })
    }

    pub(super) fn optional_slice_part(&mut self) -> Result<Option<Box<Expr>>, ConfigError> {
        if self.is_op(":") || self.is_op("]") {
            return Ok(None);
        }
        Ok(Some(Box::new(self.expression()?)))
    }
}
