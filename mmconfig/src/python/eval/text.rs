//! Values as text: Python's `str()` and `repr()` of scalars, f-strings and `str.format`.

use crate::error::ConfigErrorKind;
use crate::node::{Node, NodeValue, describe};

use super::super::ast::FPart;
use super::{Evaluator, Result};

impl Evaluator<'_> {
    pub(super) fn f_string(&mut self, parts: &[FPart], offset: usize) -> Result<Node> {
        let mut text = String::new();
        for part in parts {
            match part {
                FPart::Text(literal) => text.push_str(literal),
                FPart::Value { value, repr } => {
                    let node = self.eval(value)?;
                    text.push_str(&self.text_of(&node, *repr, value.offset)?);
                }
            }
            if text.len() > self.limits.max_string_len {
                return Err(self.error(
                    offset,
                    ConfigErrorKind::Limit {
                        what: "string length",
                        limit: self.limits.max_string_len,
                    },
                ));
            }
        }
        self.scalar(NodeValue::Str(text), offset)
    }

    /// `str(value)`, or `repr(value)` when `repr`, for scalars. Lists and dicts are refused:
    /// tuples read as lists, so their text could differ from Python's.
    /// `template.format(*args, **kwargs)` with `{}`, `{0}` and `{name}` fields (no format
    /// specs or conversions).
    pub(super) fn str_format(
        &mut self,
        template: &str,
        args: &[Node],
        kwargs: &[(String, Node)],
        offset: usize,
    ) -> Result<Node> {
        let (mut text, mut next, mut rest) = (String::new(), 0, template);
        while let Some(at) = rest.find(['{', '}']) {
            text.push_str(&rest[..at]);
            let tail = &rest[at..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                text.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            let close = tail.find('}').filter(|_| tail.starts_with('{'));
            let Some(close) = close else {
                let single = if tail.starts_with('{') { "{" } else { "}" };
                let message = format!("a single `{single}` in a format string");
                return Err(self.value_error(offset, message));
            };
            let field = &tail[1..close];
            let value = if field.is_empty() {
                next += 1;
                args.get(next - 1)
            } else if let Ok(index) = field.parse::<usize>() {
                args.get(index)
            } else if field.chars().all(|c| c == '_' || c.is_alphanumeric()) {
                kwargs
                    .iter()
                    .find(|(name, _)| name == field)
                    .map(|(_, v)| v)
            } else {
                let what =
                    format!("the format field `{{{field}}}` (only `{{}}`, `{{0}}`, `{{name}}`)");
                return Err(self.error(offset, ConfigErrorKind::Unsupported(what)));
            };
            let Some(value) = value else {
                return Err(
                    self.value_error(offset, format!("`format()` has no value for `{{{field}}}`"))
                );
            };
            text.push_str(&self.text_of(value, false, offset)?);
            if text.len() > self.limits.max_string_len {
                let (what, limit) = ("string length", self.limits.max_string_len);
                return Err(self.error(offset, ConfigErrorKind::Limit { what, limit }));
            }
            rest = &tail[close + 1..];
        }
        text.push_str(rest);
        self.scalar(NodeValue::Str(text), offset)
    }

    pub(super) fn text_of(&self, value: &Node, repr: bool, offset: usize) -> Result<String> {
        Ok(match value.kind() {
            NodeValue::Null => "None".to_owned(),
            NodeValue::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
            NodeValue::Int(i) => i.to_string(),
            NodeValue::Float(x) => float_repr(*x),
            NodeValue::Str(s) if repr => string_repr(s),
            NodeValue::Str(s) => s.clone(),
            other => {
                return Err(self.error(
                    offset,
                    ConfigErrorKind::Unsupported(format!(
                        "the text of {} (tuples read as lists, so it could differ from Python's)",
                        describe(other)
                    )),
                ));
            }
        })
    }
}

/// Python's `repr(float)`: the shortest text that reads back, in positional notation for
/// exponents from -4 to 15, else scientific (`1e-05`, `1.5e+16`).
pub(crate) fn float_repr(x: f64) -> String {
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..16).contains(&exponent) {
        let text = format!("{x}");
        if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        }
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// Python's `repr(str)`: single quotes unless the text has one and no double quote.
fn string_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_and_strings_read_as_python_writes_them() {
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(1.5e16), "1.5e+16");
        assert_eq!(float_repr(123456789012345.0), "123456789012345.0");
        assert_eq!(float_repr(-2.5), "-2.5");
        assert_eq!(string_repr("a'b"), "\"a'b\"");
        assert_eq!(string_repr("a\nb"), "'a\\nb'");
    }
}
