//! Atoms: literals, names, brackets (tuples, lists, comprehensions, dicts) and
//! `{{_base_.x}}` references.

use super::super::super::error::{ConfigError, ConfigErrorKind};
use super::super::ast::{Expr, ExprKind};
use super::super::lexer::Tok;
use super::Parser;
use super::keywords::{EXPRESSION_KEYWORDS, KEYWORDS};

impl Parser<'_> {
    pub(super) fn atom(&mut self) -> Result<Expr, ConfigError> {
        let offset = self.offset();
        let kind = match self.peek().clone() {
            Tok::Int(i) => {
                self.bump();
                ExprKind::Int(i)
            }
            Tok::Float(x) => {
                self.bump();
                ExprKind::Float(x)
            }
            Tok::Str(_) => {
                let mut text = String::new();
                while let Tok::Str(part) = self.peek() {
                    if text.len() + part.len() > self.limits.max_string_len {
                        return Err(self.error_at(
                            offset,
                            ConfigErrorKind::Limit {
                                what: "string length",
                                limit: self.limits.max_string_len,
                            },
                        ));
                    }
                    text.push_str(part);
                    self.bump();
                }
                ExprKind::Str(text)
            }
            Tok::Name(name) => {
                if let Some((_, what)) = EXPRESSION_KEYWORDS.iter().find(|(kw, _)| *kw == name) {
                    return Err(self.unsupported_at(offset, *what));
                }
                self.bump();
                match name.as_str() {
                    "True" => ExprKind::Bool(true),
                    "False" => ExprKind::Bool(false),
                    "None" => ExprKind::None,
                    _ if KEYWORDS.contains(&name.as_str()) => {
                        self.pos -= 1;
                        return Err(self.unexpected("a value"));
                    }
                    _ => ExprKind::Name(name),
                }
            }
            Tok::Op("(") => {
                self.bump();
                return self.parenthesized(offset);
            }
            Tok::Op("[") => {
                self.bump();
                return self.list(offset);
            }
            Tok::Op("{") => {
                self.bump();
                if self.is_op("{") {
                    return self.base_reference(offset);
                }
                return self.dict(offset);
            }
            Tok::Op("*") | Tok::Op("**") => {
                return Err(self.unsupported_at(offset, "unpacking with `*`/`**`"));
            }
            Tok::Op("...") => return Err(self.unsupported_at(offset, "the `...` literal")),
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Expr { kind, offset })
    }

    /// After `(`: a parenthesized expression, or a tuple.
    pub(super) fn parenthesized(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        if self.eat_op(")") {
            return Ok(Expr {
                kind: ExprKind::Tuple(Vec::new()),
                offset,
            });
        }
        let first = self.expression()?;
        if self.eat_op(")") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(")") {
                break;
            }
            items.push(self.expression()?);
        }
        self.expect_op(")")?;
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            offset,
        })
    }

    /// After `[`: a list or a list comprehension.
    pub(super) fn list(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        if self.eat_op("]") {
            return Ok(Expr {
                kind: ExprKind::List(Vec::new()),
                offset,
            });
        }
        let first = self.expression_or_comprehension_head()?;
        if self.is_name("for") {
            return self.comprehension(first, offset);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.expression()?);
        }
        self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::List(items),
            offset,
        })
    }

    /// After `[element`, at `for`: `for name in iterable]`.
    pub(super) fn comprehension(
        &mut self,
        element: Expr,
        offset: usize,
    ) -> Result<Expr, ConfigError> {
        self.bump();
        let var = match self.bump() {
            Tok::Name(name) if !KEYWORDS.contains(&name.as_str()) => name,
            _ => {
                self.pos -= 1;
                return Err(self.unsupported_at(
                    self.offset(),
                    "a comprehension target other than a single name",
                ));
            }
        };
        if !self.is_name("in") {
            if self.is_op(",") {
                return Err(self.unsupported_at(
                    self.offset(),
                    "a comprehension target other than a single name",
                ));
            }
            return Err(self.unexpected("`in`"));
        }
        self.bump();
        let iter = self.sum()?;
        if self.is_name("if") {
            return Err(self.unsupported_at(self.offset(), "a comprehension filter `if`"));
        }
        if self.is_name("for") {
            return Err(
                self.unsupported_at(self.offset(), "a nested comprehension `for ... for ...`")
            );
        }
        self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::ListComp {
                element: Box::new(element),
                var,
                iter: Box::new(iter),
            },
            offset,
        })
    }

    /// After `{`: a dict literal.
    pub(super) fn dict(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        let mut entries = Vec::new();
        while !self.is_op("}") {
            if self.is_op("**") {
                return Err(self.unsupported_at(self.offset(), "dict unpacking `**`"));
            }
            let key = self.expression()?;
            if self.is_op(",") || self.is_op("}") {
                return Err(self.unsupported_at(offset, "a set literal"));
            }
            if self.is_name("for") {
                return Err(self.unsupported_at(self.offset(), "a set comprehension"));
            }
            self.expect_op(":")?;
            let value = self.expression()?;
            if self.is_name("for") {
                return Err(self.unsupported_at(self.offset(), "a dict comprehension"));
            }
            entries.push((key, value));
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op("}")?;
        Ok(Expr {
            kind: ExprKind::Dict(entries),
            offset,
        })
    }

    /// After the first `{` of `{{_base_.a.b}}`.
    pub(super) fn base_reference(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        self.bump();
        let inner_start = self.offset();
        while !(self.is_op("}") && matches!(self.peek_at(1), Tok::Op("}"))) {
            if matches!(self.peek(), Tok::Eof | Tok::Newline) {
                return Err(self.unexpected("`}}`"));
            }
            self.bump();
        }
        let inner = self
            .text
            .get(inner_start..self.offset())
            .unwrap_or("")
            .trim();
        self.bump();
        self.bump();
        match parse_base_path(inner) {
            Some(path) => Ok(Expr {
                kind: ExprKind::BaseRef(path),
                offset,
            }),
            None => Err(self.unsupported_at(
                offset,
                format!("a template other than `{{{{_base_.key}}}}` (`{{{{{inner}}}}}`)"),
            )),
        }
    }
}

/// The path of a `{{_base_.a.b}}` reference, given the text between the braces.
pub(crate) fn parse_base_path(inner: &str) -> Option<Vec<String>> {
    let path = inner.trim().strip_prefix("_base_.")?;
    let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
    let valid = parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c == '_' || c.is_alphanumeric()));
    valid.then_some(parts)
}
