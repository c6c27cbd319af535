//! Tokens of the Python subset that configs are written in.
//!
//! The lexer turns text into names, numbers, strings, operators and logical line ends, joining
//! lines inside brackets and after a backslash as Python does, and dropping comments. It never
//! recurses, and it stops with an error at anything Python would not accept or that configs
//! may not use (f-strings, bytes, complex numbers, indented statements).

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::node::int_fits;
use super::super::source::{LineIndex, Position};

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
    /// An operator or delimiter.
    Op(&'static str),
    /// The first token of a line that starts with whitespace (Python's `INDENT`).
    Indent,
    /// The end of a logical line.
    Newline,
    /// The end of the text.
    Eof,
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
    let mut lexer = Lexer {
        text,
        lines,
        limits,
        pos: 0,
        depth: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    text: &'a str,
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
        self.text.get(self.pos..).unwrap_or("")
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
        let end = self.text.len();
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
            if lower.contains('f') {
                return Err(self.error(start, ConfigErrorKind::Unsupported("an f-string".into())));
            }
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
            Some("0x") => Some(16),
            Some("0o") => Some(8),
            Some("0b") => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            let len = 2 + rest
                .get(2..)
                .unwrap_or("")
                .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                .unwrap_or(rest.len() - 2);
            let digits = rest.get(2..len).unwrap_or("");
            self.pos += len;
            let value = parse_int(digits, radix).ok_or_else(|| self.number_error(start, digits))?;
            return self.push(Tok::Int(value), start);
        }
        // Decimal: digits [. digits] [e [+-] digits], underscores between digits.
        let bytes = rest.as_bytes();
        let mut len = 0;
        let digits = |from: usize| {
            bytes
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b'_')
                .count()
        };
        len += digits(len);
        let int_part = len;
        let mut is_float = false;
        if bytes.get(len) == Some(&b'.') {
            is_float = true;
            len += 1;
            len += digits(len);
        }
        if matches!(bytes.get(len), Some(b'e' | b'E')) {
            let mut exp = len + 1;
            if matches!(bytes.get(exp), Some(b'+' | b'-')) {
                exp += 1;
            }
            if bytes.get(exp).is_some_and(u8::is_ascii_digit) {
                is_float = true;
                len = exp + digits(exp);
            }
        }
        let literal = rest.get(..len).unwrap_or("");
        match bytes.get(len) {
            Some(b'j' | b'J') => {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Unsupported("a complex number literal".into()),
                ));
            }
            Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {
                return Err(self.syntax(
                    start,
                    format!(
                        "invalid number literal `{}`",
                        rest.get(..=len).unwrap_or(literal)
                    ),
                ));
            }
            _ => {}
        }
        if literal.contains("__")
            || literal.ends_with('_')
            || literal.contains("_.")
            || literal.contains("._")
        {
            return Err(self.syntax(start, format!("invalid number literal `{literal}`")));
        }
        self.pos += len;
        if is_float {
            let value: f64 = literal
                .replace('_', "")
                .parse()
                .map_err(|_| self.syntax(start, format!("invalid number literal `{literal}`")))?;
            if !value.is_finite() {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Value(format!("float literal `{literal}` is out of range")),
                ));
            }
            return self.push(Tok::Float(value), start);
        }
        let int_text = rest.get(..int_part).unwrap_or("");
        if int_text.len() > 1
            && int_text.starts_with('0')
            && int_text.bytes().any(|b| b != b'0' && b != b'_')
        {
            return Err(self.syntax(
                start,
                format!("leading zeros are not allowed in `{int_text}`"),
            ));
        }
        let value = parse_int(int_text, 10).ok_or_else(|| self.number_error(start, int_text))?;
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

    /// A string literal starting at the quote at `self.pos`; `prefix` is its lowercased prefix.
    fn string(&mut self, start: usize, prefix: &str) -> Result<(), ConfigError> {
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
        }
        self.push(Tok::Str(value), start)
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

/// Parses digits (with single underscores between them) in `radix`, if the value fits u64.
fn parse_int(digits: &str, radix: u32) -> Option<i128> {
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i128 = 0;
    for c in digits.chars().filter(|c| *c != '_') {
        let digit = c.to_digit(radix)?;
        value = value
            .checked_mul(i128::from(radix))?
            .checked_add(i128::from(digit))?;
        if !int_fits(value) {
            return None;
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn lex(text: &str) -> Result<Vec<Tok>, String> {
        let lines = LineIndex::new(Arc::from(Path::new("t.py")), text);
        tokenize(text, &lines, &Limits::default())
            .map(|tokens| tokens.into_iter().map(|t| t.tok).collect())
            .map_err(|e| e.to_string())
    }

    fn name(s: &str) -> Tok {
        Tok::Name(s.into())
    }

    #[test]
    fn numbers() {
        assert_eq!(
            lex("a = 1_000 0x1F 0o17 0b101 1e-4 .5 1. 2.5E+3 0 00").unwrap(),
            vec![
                name("a"),
                Tok::Op("="),
                Tok::Int(1000),
                Tok::Int(31),
                Tok::Int(15),
                Tok::Int(5),
                Tok::Float(1e-4),
                Tok::Float(0.5),
                Tok::Float(1.0),
                Tok::Float(2500.0),
                Tok::Int(0),
                Tok::Int(0),
                Tok::Newline,
                Tok::Eof
            ]
        );
        assert_eq!(
            lex("18446744073709551615").unwrap()[0],
            Tok::Int(18446744073709551615)
        );
    }

    #[test]
    fn bad_numbers_name_their_position() {
        assert_eq!(
            lex("x = 18446744073709551616").unwrap_err(),
            "t.py:1:5: integer literal `18446744073709551616` does not fit 64 bits"
        );
        assert!(
            lex("x = 1e999")
                .unwrap_err()
                .starts_with("t.py:1:5: float literal `1e999` is out of range")
        );
        assert!(lex("x = 012").unwrap_err().contains("leading zeros"));
        assert!(
            lex("x = 1__0")
                .unwrap_err()
                .contains("invalid number literal")
        );
        assert!(
            lex("x = 3j")
                .unwrap_err()
                .contains("a complex number literal cannot be used")
        );
    }

    #[test]
    fn strings_and_escapes() {
        let toks = lex(r#"s = 'a\'b' "c\n\x41\u00e9\101" r'\d' '''x
y''' "\q""#)
        .unwrap();
        assert_eq!(
            toks[2..7],
            [
                Tok::Str("a'b".into()),
                Tok::Str("c\nAéA".into()),
                Tok::Str("\\d".into()),
                Tok::Str("x\ny".into()),
                Tok::Str("\\q".into()),
            ]
        );
    }

    #[test]
    fn f_strings_and_bytes_are_unsupported() {
        assert_eq!(
            lex("x = f'{a}'").unwrap_err(),
            "t.py:1:5: an f-string cannot be used in a config file (configs are read as data, never run)"
        );
        assert!(lex("x = b'a'").unwrap_err().contains("a bytes literal"));
    }

    #[test]
    fn lines_join_inside_brackets_and_after_backslash() {
        let toks = lex("a = [1,\n  2]  # c\n\nb = 1 + \\\n 2\n").unwrap();
        let newlines = toks.iter().filter(|t| **t == Tok::Newline).count();
        assert_eq!(newlines, 2);
    }

    #[test]
    fn indented_lines_are_marked_but_blank_indented_lines_are_not() {
        assert!(
            !lex("a = 1\n   \n  # comment\nb = 2")
                .unwrap()
                .contains(&Tok::Indent)
        );
        let toks = lex("a = 1\n  b = 2").unwrap();
        assert_eq!(toks[4..6], [Tok::Indent, name("b")]);
    }

    #[test]
    fn unterminated_things_are_errors() {
        assert!(lex("a = 'abc").unwrap_err().contains("unterminated string"));
        assert!(
            lex("a = [1, 2")
                .unwrap_err()
                .contains("bracket is not closed")
        );
        assert!(lex("a = 1)").unwrap_err().contains("unmatched `)`"));
        assert!(
            lex("a = $")
                .unwrap_err()
                .contains("unexpected character `$`")
        );
    }

    #[test]
    fn limits_are_enforced() {
        let lines = LineIndex::new(Arc::from(Path::new("t.py")), "");
        let limits = Limits {
            max_tokens: 3,
            max_depth: 2,
            max_string_len: 4,
            ..Limits::default()
        };
        let run = |text: &str| tokenize(text, &lines, &limits).unwrap_err().to_string();
        assert!(run("a = 1 + 2").contains("the number of tokens exceeds the limit of 3"));
        assert!(run("[[[").contains("bracket nesting depth exceeds the limit of 2"));
        assert!(run("'abcdefgh'").contains("string length exceeds the limit of 4"));
    }
}
