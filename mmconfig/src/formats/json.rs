//! A JSON reader that keeps the position of every value.
//!
//! Strict RFC 8259, plus mmengine's bare `{{_base_.a.b}}` placeholder where a value is
//! expected (read as the string `"{{_base_.a.b}}"`, resolved later). Nesting is bounded by
//! [`Limits::max_depth`](super::super::Limits). Integers must fit 64 bits; a duplicate key
//! keeps its first position and its last value, as Python's `json` module does.

use std::path::Path;
use std::sync::Arc;

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::node::{Dict, Node, NodeValue, int_fits};
use super::super::source::{LineIndex, Position};
use super::base_placeholder;

/// Parses a JSON document.
pub(crate) fn parse(text: &str, file: Arc<Path>, limits: &Limits) -> Result<Node, ConfigError> {
    let lines = LineIndex::new(file, text);
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        lines: &lines,
        limits,
        depth: 0,
        values: 0,
    };
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.syntax("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    lines: &'a LineIndex,
    limits: &'a Limits,
    depth: usize,
    /// Values read so far.
    values: usize,
}

impl Parser<'_> {
    fn error(&self, at: usize, kind: ConfigErrorKind) -> ConfigError {
        ConfigError::at(kind, self.lines.locate(self.text, at))
    }

    fn syntax(&self, message: &str) -> ConfigError {
        self.error(self.pos, ConfigErrorKind::Syntax(message.to_owned()))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), ConfigError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.syntax(&format!("expected {what}")))
        }
    }

    fn value(&mut self) -> Result<Node, ConfigError> {
        let start = self.pos;
        self.values += 1;
        if self.values > self.limits.max_values {
            return Err(self.error(
                start,
                ConfigErrorKind::Limit {
                    what: "the number of values",
                    limit: self.limits.max_values,
                },
            ));
        }
        let loc = Some(self.lines.locate(self.text, start));
        match self.peek() {
            Some(b'{') if self.bytes.get(self.pos + 1) == Some(&b'{') => {
                let rest = self.text.get(self.pos..).unwrap_or("");
                match base_placeholder(rest) {
                    Some((len, placeholder)) => {
                        self.pos += len;
                        Ok(Node::string(placeholder, loc))
                    }
                    None => Err(self.syntax(
                        "expected a value (`{{` starts only a `{{_base_.key}}` reference)",
                    )),
                }
            }
            Some(b'{') | Some(b'[') => self.container(start, loc),
            Some(b'"') => Ok(Node::string(self.string()?, loc)),
            Some(b't' | b'f' | b'n') => self.keyword(loc),
            Some(b'-' | b'0'..=b'9') => self.number(loc),
            None => Err(self.syntax("unexpected end of input, expected a value")),
            Some(_) => Err(self.syntax("expected a value")),
        }
    }

    /// An object or array, counted against the nesting limit.
    fn container(&mut self, start: usize, loc: Option<Position>) -> Result<Node, ConfigError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.error(
                start,
                ConfigErrorKind::Limit {
                    what: "nesting depth",
                    limit: self.limits.max_depth,
                },
            ));
        }
        let node = if self.peek() == Some(b'{') {
            self.object(loc)
        } else {
            self.array(loc)
        };
        self.depth -= 1;
        node
    }

    /// `true`, `false` or `null`.
    fn keyword(&mut self, loc: Option<Position>) -> Result<Node, ConfigError> {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let (len, kind) = if rest.starts_with(b"true") {
            (4, NodeValue::Bool(true))
        } else if rest.starts_with(b"false") {
            (5, NodeValue::Bool(false))
        } else if rest.starts_with(b"null") {
            (4, NodeValue::Null)
        } else {
            return Err(self.syntax("expected a value"));
        };
        self.pos += len;
        Ok(Node::scalar(kind, loc))
    }

    fn object(&mut self, loc: Option<Position>) -> Result<Node, ConfigError> {
        self.pos += 1;
        let mut entries = Dict::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Node::dict(entries, loc));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a string key"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(b':', "`:` after the key")?;
            self.skip_whitespace();
            let value = self.value()?;
            entries.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Node::dict(entries, loc));
                }
                _ => return Err(self.syntax("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, loc: Option<Position>) -> Result<Node, ConfigError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Node::list(items, loc));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Node::list(items, loc));
                }
                _ => return Err(self.syntax("expected `,` or `]`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, ConfigError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            if out.len() > self.limits.max_string_len {
                return Err(self.error(
                    start,
                    ConfigErrorKind::Limit {
                        what: "string length",
                        limit: self.limits.max_string_len,
                    },
                ));
            }
            let rest = self.text.get(self.pos..).unwrap_or("");
            let Some(c) = rest.chars().next() else {
                return Err(
                    self.error(start, ConfigErrorKind::Syntax("unterminated string".into()))
                );
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let escape = self.peek();
                    self.pos += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\x08'),
                        Some(b'f') => out.push('\x0c'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => {
                            return Err(self.error(
                                self.pos - 2,
                                ConfigErrorKind::Syntax("invalid escape".into()),
                            ));
                        }
                    }
                }
                c if u32::from(c) < 0x20 => {
                    return Err(self.error(
                        self.pos - 1,
                        ConfigErrorKind::Syntax("control character in string".into()),
                    ));
                }
                c => out.push(c),
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair of two escapes.
    fn unicode_escape(&mut self) -> Result<char, ConfigError> {
        let at = self.pos - 2;
        let invalid =
            |this: &Self| this.error(at, ConfigErrorKind::Syntax("invalid `\\u` escape".into()));
        let first = self.hex4().ok_or_else(|| invalid(self))?;
        if (0xD800..0xDC00).contains(&first) {
            if !self
                .bytes
                .get(self.pos..)
                .is_some_and(|r| r.starts_with(b"\\u"))
            {
                return Err(invalid(self));
            }
            self.pos += 2;
            let second = self
                .hex4()
                .filter(|s| (0xDC00..0xE000).contains(s))
                .ok_or_else(|| invalid(self))?;
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return char::from_u32(code).ok_or_else(|| invalid(self));
        }
        char::from_u32(first).ok_or_else(|| invalid(self))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn number(&mut self, loc: Option<Position>) -> Result<Node, ConfigError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = digits(self);
        if int_digits == 0 || (int_digits > 1 && self.bytes.get(int_start) == Some(&b'0')) {
            return Err(self.error(start, ConfigErrorKind::Syntax("invalid number".into())));
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            is_float = true;
            if digits(self) == 0 {
                return Err(self.error(start, ConfigErrorKind::Syntax("invalid number".into())));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            is_float = true;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error(start, ConfigErrorKind::Syntax("invalid number".into())));
            }
        }
        let literal = self.text.get(start..self.pos).unwrap_or("");
        if is_float {
            return match literal.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Node::scalar(NodeValue::Float(x), loc)),
                _ => Err(self.error(
                    start,
                    ConfigErrorKind::Value(format!("number `{literal}` is out of range")),
                )),
            };
        }
        match literal.parse::<i128>() {
            Ok(i) if int_fits(i) => Ok(Node::scalar(NodeValue::Int(i), loc)),
            _ => Err(self.error(
                start,
                ConfigErrorKind::Value(format!("integer `{literal}` does not fit 64 bits")),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> Result<serde_json::Value, String> {
        parse(text, Arc::from(Path::new("t.json")), &Limits::default())
            .map(|node| node.to_value())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_json() {
        let text = r#" {"a": [1, -2, 0.5, 1e-4, true, false, null], "s": "x\"\u00e9\ud83d\ude00\n", "a": 3, "e": {}} "#;
        assert_eq!(
            read(text).unwrap(),
            json!({"a": 3, "s": "x\"é😀\n", "e": {}})
        );
    }

    #[test]
    fn keeps_positions() {
        let text = "{\n  \"a\": {\"b\": [10, 20]}\n}";
        let node = parse(text, Arc::from(Path::new("t.json")), &Limits::default()).unwrap();
        let path = crate::KeyPath::root().key("a").key("b").index(1);
        assert_eq!(node.position(&path).unwrap().to_string(), "t.json:2:19");
    }

    #[test]
    fn reads_bare_base_references_as_placeholders() {
        assert_eq!(
            read(r#"{"a": {{ _base_.x.y }}}"#).unwrap(),
            json!({"a": "{{_base_.x.y}}"})
        );
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            read("{\"a\": 1,}").unwrap_err(),
            "t.json:1:9: syntax error: expected a string key"
        );
        assert_eq!(
            read("[01]").unwrap_err(),
            "t.json:1:2: syntax error: invalid number"
        );
        assert_eq!(
            read("[1e999]").unwrap_err(),
            "t.json:1:2: number `1e999` is out of range"
        );
        assert_eq!(
            read("[18446744073709551616]").unwrap_err(),
            "t.json:1:2: integer `18446744073709551616` does not fit 64 bits"
        );
        assert_eq!(
            read("[1] x").unwrap_err(),
            "t.json:1:5: syntax error: unexpected text after the JSON value"
        );
        assert_eq!(
            read("\"a").unwrap_err(),
            "t.json:1:1: syntax error: unterminated string"
        );
        assert_eq!(
            read("{{x}}").unwrap_err(),
            "t.json:1:1: syntax error: expected a value (`{{` starts only a `{{_base_.key}}` reference)"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            read(&deep).unwrap_err(),
            "t.json:1:201: nesting depth exceeds the limit of 200"
        );
    }
}
