//! Tokens of the Python subset that configs are written in.
//!
//! The lexer turns text into names, numbers, strings, operators and logical line ends, joining
//! lines inside brackets and after a backslash as Python does, and dropping comments. It never
//! recurses, and it stops with an error at anything Python would not accept or that configs
//! may not use (f-strings, bytes, complex numbers, indented statements).

use super::number::{Decimal, parse_int, scan_decimal};
use crate::error::{ConfigError, ConfigErrorKind};
use crate::limits::Limits;
use crate::source::{LineIndex, Position};

mod string;

/// One token and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) offset: usize,
}

/// The kinds of token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// An identifier or keyword.
    Name(String),
    /// An integer literal (it fits `u64`).
    Int(i128),
    /// A finite float literal.
    Float(f64),
    /// A string literal, escapes decoded.
    Str(String),
    /// An f-string: its text, and the byte ranges of the expressions it formats.
    FStr(Vec<FPiece>),
    /// An operator or delimiter.
    Op(&'static str),
    /// The first token of a line that starts with whitespace (Python's `INDENT`).
    Indent,
    /// The end of a logical line.
    Newline,
    /// The end of the text.
    Eof,
}

/// A piece of an f-string token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FPiece {
    /// Literal text, escapes decoded.
    Text(String),
    /// `{expression}` or `{expression!r}`: the expression's bytes in the file's text.
    Field {
        start: usize,
        end: usize,
        repr: bool,
    },
}

/// Operators, longest first so that the first match is the longest.
const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=",
    "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>", "(", ")", "[", "]", "{", "}", ",", ":",
    ".", ";", "=", "+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "~", "@",
];

/// Splits `text` into tokens, ending with [`Tok::Eof`].
pub(crate) fn tokenize(
    text: &str,
    lines: &LineIndex,
    limits: &Limits,
) -> Result<Vec<Token>, ConfigError> {
    tokenize_range(text, 0, text.len(), lines, limits)
}

/// Splits the bytes `start..end` of `text` (an f-string's field) into tokens, with offsets
/// into all of `text`.
pub(crate) fn tokenize_range(
    text: &str,
    start: usize,
    end: usize,
    lines: &LineIndex,
    limits: &Limits,
) -> Result<Vec<Token>, ConfigError> {
    let mut lexer = Lexer {
        text,
        end,
        lines,
        limits,
        pos: start,
        depth: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    text: &'a str,
    /// Where to stop: the end of `text`, or of an f-string field.
    end: usize,
    lines: &'a LineIndex,
    limits: &'a Limits,
    pos: usize,
    /// Open brackets: inside them, line breaks and indentation do not count.
    depth: usize,
    tokens: Vec<Token>,
}

impl<'a> Lexer<'a> {
    fn position(&self, offset: usize) -> Position {
        self.lines.locate(self.text, offset)
    }

    fn error(&self, offset: usize, kind: ConfigErrorKind) -> ConfigError {
        ConfigError::at(kind, self.position(offset))
    }

    fn syntax(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        self.error(offset, ConfigErrorKind::Syntax(message.into()))
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..self.end).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn push(&mut self, tok: Tok, offset: usize) -> Result<(), ConfigError> {
        if self.tokens.len() >= self.limits.max_tokens {
            return Err(self.error(
                offset,
                ConfigErrorKind::Limit {
                    what: "the number of tokens",
                    limit: self.limits.max_tokens,
                },
            ));
        }
        self.tokens.push(Token { tok, offset });
        Ok(())
    }

    fn at_line_start(&self) -> bool {
        matches!(
            self.tokens.last(),
            None | Some(Token {
                tok: Tok::Newline,
                ..
            })
        )
    }

    fn run(&mut self) -> Result<(), ConfigError> {
        if self.rest().starts_with('\u{feff}') {
            self.pos += '\u{feff}'.len_utf8();
        }
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                ' ' | '\t' | '\x0c' if self.depth == 0 && self.at_line_start() => {
                    self.indentation()?;
                }
                ' ' | '\t' | '\x0c' | '\r' => self.pos += 1,
                '\n' => {
                    self.pos += 1;
                    if self.depth == 0 && !self.at_line_start() {
                        self.push(Tok::Newline, start)?;
                    }
                }
                '#' => self.pos += self.rest().find('\n').unwrap_or(self.rest().len()),
                '\\' => {
                    let after = self.rest().get(1..).unwrap_or("");
                    let skip = if after.starts_with("\r\n") {
                        3
                    } else if after.starts_with('\n') {
                        2
                    } else {
                        return Err(
                            self.syntax(start, "unexpected character after line continuation `\\`")
                        );
                    };
                    self.pos += skip;
                }
                '0'..='9' => self.number()?,
                '.' if self.peek_second().is_some_and(|d| d.is_ascii_digit()) => self.number()?,
                '\'' | '"' => self.string(start, "")?,
                c if c == '_' || c.is_alphabetic() => self.name_or_prefixed_string()?,
                _ => self.operator()?,
            }
        }
        let end = self.end;
        if self.depth > 0 {
            return Err(self.syntax(end, "unexpected end of file: a bracket is not closed"));
        }
        if !self.at_line_start() {
            self.push(Tok::Newline, end)?;
        }
        self.push(Tok::Eof, end)
    }

    /// Whitespace at the start of a line: skipped, and marked with [`Tok::Indent`] unless
    /// the line is blank or a comment.
    fn indentation(&mut self) -> Result<(), ConfigError> {
        let line_rest = self.rest();
        let content = line_rest.trim_start_matches([' ', '\t', '\x0c']);
        self.pos += line_rest.len() - content.len();
        let blank = content.is_empty()
            || content.starts_with('\n')
            || content.starts_with("\r\n")
            || content.starts_with('#');
        if blank {
            return Ok(());
        }
        self.push(Tok::Indent, self.pos)
    }

    fn operator(&mut self) -> Result<(), ConfigError> {
        let start = self.pos;
        let Some(op) = OPERATORS.iter().find(|op| self.rest().starts_with(**op)) else {
            let c = self.peek().unwrap_or(' ');
            return Err(self.syntax(start, format!("unexpected character `{c}`")));
        };
        match *op {
            "(" | "[" | "{" => {
                self.depth += 1;
                if self.depth > self.limits.max_depth {
                    return Err(self.error(
                        start,
                        ConfigErrorKind::Limit {
                            what: "bracket nesting depth",
                            limit: self.limits.max_depth,
                        },
                    ));
                }
            }
            ")" | "]" | "}" => {
                self.depth = self
                    .depth
                    .checked_sub(1)
                    .ok_or_else(|| self.syntax(start, format!("unmatched `{op}`")))?;
            }
            _ => {}
        }
        self.pos += op.len();
        self.push(Tok::Op(op), start)
    }

    fn name_or_prefixed_string(&mut self) -> Result<(), ConfigError> {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c == '_' || c.is_alphanumeric()))
            .unwrap_or(self.rest().len());
        let name = self.rest().get(..len).unwrap_or("").to_owned();
        let quote_follows = matches!(
            self.rest().get(len..).and_then(|r| r.chars().next()),
            Some('\'' | '"')
        );
        let lower = name.to_ascii_lowercase();
        if quote_follows
            && matches!(
                lower.as_str(),
                "r" | "u" | "b" | "f" | "rb" | "br" | "fr" | "rf"
            )
        {
            if lower.contains('b') {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Unsupported("a bytes literal".into()),
                ));
            }
            self.pos += len;
            return self.string(start, &lower);
        }
        self.pos += len;
        self.push(Tok::Name(name), start)
    }

    fn number(&mut self) -> Result<(), ConfigError> {
        let start = self.pos;
        let rest = self.rest();
        let radix = match rest.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("0x") => 16,
            Some("0o") => 8,
            Some("0b") => 2,
            _ => return self.decimal(),
        };
        let len = 2 + rest
            .get(2..)
            .unwrap_or("")
            .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
            .unwrap_or(rest.len() - 2);
        let digits = rest.get(2..len).unwrap_or("");
        self.pos += len;
        let value = parse_int(digits, radix).ok_or_else(|| self.number_error(start, digits))?;
        self.push(Tok::Int(value), start)
    }

    /// A decimal int or float literal.
    fn decimal(&mut self) -> Result<(), ConfigError> {
        let start = self.pos;
        let rest = self.rest();
        let Decimal {
            len,
            is_float,
            valid,
        } = scan_decimal(rest);
        let literal = rest.get(..len).unwrap_or("");
        let invalid = |this: &Self, text: &str| {
            this.syntax(start, format!("invalid number literal `{text}`"))
        };
        match rest.as_bytes().get(len) {
            Some(b'j' | b'J') => {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Unsupported("a complex number literal".into()),
                ));
            }
            Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {
                return Err(invalid(self, rest.get(..=len).unwrap_or(literal)));
            }
            _ if !valid => return Err(invalid(self, literal)),
            _ => {}
        }
        self.pos += len;
        if is_float {
            let value: f64 = literal
                .replace('_', "")
                .parse()
                .map_err(|_| invalid(self, literal))?;
            if !value.is_finite() {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Value(format!("float literal `{literal}` is out of range")),
                ));
            }
            return self.push(Tok::Float(value), start);
        }
        if literal.len() > 1
            && literal.starts_with('0')
            && literal.bytes().any(|b| b != b'0' && b != b'_')
        {
            return Err(self.syntax(
                start,
                format!("leading zeros are not allowed in `{literal}`"),
            ));
        }
        let value = parse_int(literal, 10).ok_or_else(|| self.number_error(start, literal))?;
        self.push(Tok::Int(value), start)
    }

    fn number_error(&self, start: usize, digits: &str) -> ConfigError {
        let valid = !digits.is_empty()
            && !digits.starts_with('_')
            && !digits.ends_with('_')
            && !digits.contains("__");
        if valid && digits.chars().all(|c| c == '_' || c.is_ascii_hexdigit()) {
            self.error(
                start,
                ConfigErrorKind::Value(format!(
                    "integer literal `{}` does not fit 64 bits",
                    self.text.get(start..self.pos).unwrap_or(digits)
                )),
            )
        } else {
            self.syntax(
                start,
                format!(
                    "invalid number literal `{}`",
                    self.text.get(start..self.pos).unwrap_or(digits)
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests;
