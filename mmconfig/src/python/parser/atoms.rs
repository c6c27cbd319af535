//! Atoms: literals, names, f-strings and `{{_base_.x}}` references (brackets are in
//! [`displays`](super::displays)).

use super::super::super::error::{ConfigError, ConfigErrorKind};
use super::super::ast::{Expr, ExprKind, FPart};
use super::super::lexer::{FPiece, Tok, tokenize_range};
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
            Tok::Str(_) | Tok::FStr(_) => return self.strings(offset),
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
                return Err(self.unsupported_at(
                    offset,
                    "unpacking with `*`/`**` outside a list, tuple, dict or call",
                ));
            }
            Tok::Op("...") => return Err(self.unsupported_at(offset, "the `...` literal")),
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Expr { kind, offset })
    }

    /// Adjacent string literals, one value as in Python: `'a' 'b'` is text, and with any
    /// f-string among them (`f'{root}/' 'x.json'`) an f-string of all their pieces.
    fn strings(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        let (mut parts, mut length, mut formatted) = (Vec::new(), 0, false);
        loop {
            match self.peek().clone() {
                Tok::Str(text) => {
                    length += text.len();
                    parts.push(FPart::Text(text));
                }
                Tok::FStr(pieces) => {
                    formatted = true;
                    for piece in &pieces {
                        parts.push(match piece {
                            FPiece::Text(text) => {
                                length += text.len();
                                FPart::Text(text.clone())
                            }
                            FPiece::Field { start, end, repr } => FPart::Value {
                                value: self.field(*start, *end)?,
                                repr: *repr,
                            },
                        });
                    }
                }
                _ => break,
            }
            self.bump();
            if length > self.limits.max_string_len {
                let what = "string length";
                let limit = self.limits.max_string_len;
                return Err(self.error_at(offset, ConfigErrorKind::Limit { what, limit }));
            }
        }
        let kind = if formatted {
            ExprKind::FString(parts)
        } else {
            // Without an f-string every part is text.
            let text = parts.into_iter().filter_map(|part| match part {
                FPart::Text(text) => Some(text),
                FPart::Value { .. } => None,
            });
            ExprKind::Str(text.collect())
        };
        Ok(Expr { kind, offset })
    }

    /// The expression in the bytes `start..end` of the file.
    fn field(&mut self, start: usize, end: usize) -> Result<Expr, ConfigError> {
        let tokens = tokenize_range(self.text, start, end, self.lines, self.limits)?;
        let mut inner = Parser {
            tokens: &tokens,
            text: self.text,
            lines: self.lines,
            limits: self.limits,
            pos: 0,
            depth: self.depth,
        };
        inner.enter(start)?;
        let value = inner.expression()?;
        if !matches!(inner.peek(), Tok::Newline | Tok::Eof) {
            return Err(inner.unexpected("the end of the f-string field"));
        }
        Ok(value)
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
