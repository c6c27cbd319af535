//! String literals: quotes, raw strings and escapes.

use crate::error::{ConfigError, ConfigErrorKind};

use super::{FPiece, Lexer, Tok};
use crate::predefined::substitute_predefined;

impl Lexer<'_> {
    /// A string literal starting at the quote at `self.pos`; `prefix` is its lowercased prefix.
    pub(super) fn string(&mut self, start: usize, prefix: &str) -> Result<(), ConfigError> {
        let raw = prefix.contains('r');
        let formatted = prefix.contains('f');
        let mut pieces = Vec::new();
        let rest = self.rest();
        let quote = if rest.starts_with("'''") {
            "'''"
        } else if rest.starts_with("\"\"\"") {
            "\"\"\""
        } else if rest.starts_with('\'') {
            "'"
        } else {
            "\""
        };
        let triple = quote.len() == 3;
        self.pos += quote.len();
        let mut value = String::new();
        loop {
            if value.len() > self.limits.max_string_len {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Limit {
                        what: "string length",
                        limit: self.limits.max_string_len,
                    },
                ));
            }
            let rest = self.rest();
            if rest.starts_with(quote) {
                self.pos += quote.len();
                break;
            }
            let Some(c) = rest.chars().next() else {
                return Err(self.syntax(start, "unterminated string literal"));
            };
            if c == '\n' && !triple {
                return Err(
                    self.syntax(start, "unterminated string literal (a line ends inside it)")
                );
            }
            if formatted && matches!(c, '{' | '}') {
                self.f_brace(c, &mut value, &mut pieces)?;
                continue;
            }
            self.pos += c.len_utf8();
            if c != '\\' {
                value.push(c);
                continue;
            }
            let Some(next) = self.peek() else {
                return Err(self.syntax(start, "unterminated string literal"));
            };
            if raw {
                // A raw string keeps the backslash, and the backslash keeps a quote inside.
                value.push('\\');
                value.push(next);
                self.pos += next.len_utf8();
                continue;
            }
            self.escape(&mut value)?;
        }
        let value = substitute_predefined(&value, self.lines.file()).into_owned();
        if !formatted {
            return self.push(Tok::Str(value), start);
        }
        if !value.is_empty() {
            pieces.push(FPiece::Text(value));
        }
        self.push(Tok::FStr(pieces), start)
    }

    /// A brace in an f-string: `{{` or `}}` as text, or a `{field}` (which ends the text
    /// before it).
    fn f_brace(
        &mut self,
        brace: char,
        value: &mut String,
        pieces: &mut Vec<FPiece>,
    ) -> Result<(), ConfigError> {
        let at = self.pos;
        if self.peek_second() == Some(brace) {
            value.push(brace);
            self.pos += 2;
            return Ok(());
        }
        if brace == '}' {
            return Err(self.syntax(at, "f-string: single `}` is not allowed"));
        }
        if !value.is_empty() {
            let text =
                substitute_predefined(&std::mem::take(value), self.lines.file()).into_owned();
            pieces.push(FPiece::Text(text));
        }
        self.pos += 1;
        let start = self.pos;
        self.skip_field_expression(at)?;
        let end = self.pos;
        if self
            .text
            .get(start..end)
            .is_none_or(|e| e.trim().is_empty())
        {
            return Err(self.syntax(at, "f-string: empty expression not allowed"));
        }
        let mut repr = false;
        if self.peek() == Some('!') {
            repr = match self.peek_second() {
                Some('r') => true,
                Some('s') => false,
                _ => {
                    return Err(self.error(
                        self.pos,
                        ConfigErrorKind::Unsupported(
                            "an f-string conversion other than `!s` and `!r`".into(),
                        ),
                    ));
                }
            };
            self.pos += 2;
        }
        if self.peek() == Some(':') {
            return Err(self.error(
                self.pos,
                ConfigErrorKind::Unsupported("a format spec `{value:spec}` in an f-string".into()),
            ));
        }
        if self.peek() != Some('}') {
            return Err(self.syntax(at, "f-string: expecting `}`"));
        }
        self.pos += 1;
        pieces.push(FPiece::Field { start, end, repr });
        Ok(())
    }

    /// Moves past the expression of an f-string field, to its `!`, `:` or `}`.
    fn skip_field_expression(&mut self, at: usize) -> Result<(), ConfigError> {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '}' | ':' if depth == 0 => return Ok(()),
                '!' if depth == 0 && self.peek_second() != Some('=') => return Ok(()),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                '\'' | '"' => {
                    let close = self.rest().get(1..).and_then(|r| r.find(c));
                    let Some(close) = close else { break };
                    self.pos += close + 1;
                }
                '\n' => break,
                _ => {}
            }
            self.pos += c.len_utf8();
        }
        Err(self.syntax(at, "f-string: expecting `}`"))
    }

    /// The escape after a backslash (already consumed) of a non-raw string, appended to
    /// `value`.
    fn escape(&mut self, value: &mut String) -> Result<(), ConfigError> {
        let Some(next) = self.peek() else {
            return Ok(());
        };
        let escape_at = self.pos - 1;
        self.pos += next.len_utf8();
        match next {
            '\n' => {}
            '\r' => {
                if self.peek() == Some('\n') {
                    self.pos += 1;
                }
            }
            '\\' | '\'' | '"' => value.push(next),
            'a' => value.push('\x07'),
            'b' => value.push('\x08'),
            'f' => value.push('\x0c'),
            'n' => value.push('\n'),
            'r' => value.push('\r'),
            't' => value.push('\t'),
            'v' => value.push('\x0b'),
            '0'..='7' => {
                let mut code = next.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            code = code * 8 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                value.push(self.code_point(escape_at, code)?);
            }
            'x' | 'u' | 'U' => {
                let width = match next {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex = self.rest().get(..width).unwrap_or("");
                if hex.len() != width || !hex.chars().all(|d| d.is_ascii_hexdigit()) {
                    return Err(self.syntax(escape_at, format!("truncated `\\{next}` escape")));
                }
                let code = u32::from_str_radix(hex, 16).unwrap_or(u32::MAX);
                self.pos += width;
                value.push(self.code_point(escape_at, code)?);
            }
            'N' => {
                return Err(self.error(
                    escape_at,
                    ConfigErrorKind::Unsupported("a named `\\N{...}` escape".into()),
                ));
            }
            other => {
                value.push('\\');
                value.push(other);
            }
        }
        Ok(())
    }

    fn code_point(&self, at: usize, code: u32) -> Result<char, ConfigError> {
        char::from_u32(code).ok_or_else(|| {
            self.error(
                at,
                ConfigErrorKind::Value(format!("escape `{code:#x}` is not a Unicode scalar value")),
            )
        })
    }
}
