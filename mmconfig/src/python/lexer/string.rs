//! String literals: quotes, raw strings and escapes.

use crate::error::{ConfigError, ConfigErrorKind};

use super::{Lexer, Tok};

impl Lexer<'_> {
    /// A string literal starting at the quote at `self.pos`; `prefix` is its lowercased prefix.
    pub(super) fn string(&mut self, start: usize, prefix: &str) -> Result<(), ConfigError> {
        let raw = prefix.contains('r');
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
        self.push(Tok::Str(value), start)
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
