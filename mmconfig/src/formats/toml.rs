//! TOML configs, read with the `toml` crate's spanned document tables.
//!
//! TOML has no null, and its dates and times have no JSON counterpart: a date is an error
//! naming its position. `_base_` is an ordinary top-level key (`_base_ = ["../a.py"]`).

use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::node::{Dict, Node, NodeValue, int_fits};
use super::super::source::LineIndex;

/// Parses a TOML document.
pub(crate) fn parse(text: &str, file: Arc<Path>, limits: &Limits) -> Result<Node, ConfigError> {
    let lines = LineIndex::new(file, text);
    check_nesting(text, &lines, limits)?;
    let table = DeTable::parse(text).map_err(|error| {
        let at = error.span().map_or(0, |span| span.start);
        ConfigError::at(
            ConfigErrorKind::Syntax(error.message().trim().to_owned()),
            lines.locate(text, at),
        )
    })?;
    let reader = Reader {
        text,
        lines: &lines,
        limits,
        values: Cell::new(0),
    };
    let span = table.span();
    reader.table(table.into_inner(), span, 1)
}

/// Rejects bracket nesting deeper than the limit before the `toml` parser sees it.
fn check_nesting(text: &str, lines: &LineIndex, limits: &Limits) -> Result<(), ConfigError> {
    let mut depth = 0usize;
    let mut in_string: Option<u8> = None;
    let mut in_comment = false;
    let mut escaped = false;
    for (at, byte) in text.bytes().enumerate() {
        if in_comment {
            in_comment = byte != b'\n';
            continue;
        }
        if let Some(quote) = in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' && quote == b'"' {
                escaped = true;
            } else if byte == quote {
                in_string = None;
            }
            continue;
        }
        match byte {
            b'"' | b'\'' => in_string = Some(byte),
            b'#' => in_comment = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(ConfigError::at(
                        ConfigErrorKind::Limit {
                            what: "nesting depth",
                            limit: limits.max_depth,
                        },
                        lines.locate(text, at),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

struct Reader<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    limits: &'a Limits,
    /// Values read so far.
    values: Cell<usize>,
}

impl Reader<'_> {
    fn table(
        &self,
        table: DeTable<'_>,
        span: std::ops::Range<usize>,
        depth: usize,
    ) -> Result<Node, ConfigError> {
        let loc = Some(self.lines.locate(self.text, span.start));
        let mut entries = Dict::new();
        for (key, value) in table {
            let key = key.into_inner().into_owned();
            entries.insert(key, self.value(value, depth + 1)?);
        }
        Ok(Node::dict(entries, loc))
    }

    fn value(&self, value: Spanned<DeValue<'_>>, depth: usize) -> Result<Node, ConfigError> {
        let span = value.span();
        let loc = self.lines.locate(self.text, span.start);
        self.values.set(self.values.get() + 1);
        if self.values.get() > self.limits.max_values {
            return Err(ConfigError::at(
                ConfigErrorKind::Limit {
                    what: "the number of values",
                    limit: self.limits.max_values,
                },
                loc,
            ));
        }
        if depth > self.limits.max_depth {
            return Err(ConfigError::at(
                ConfigErrorKind::Limit {
                    what: "nesting depth",
                    limit: self.limits.max_depth,
                },
                loc,
            ));
        }
        let node = match value.into_inner() {
            DeValue::String(s) => {
                if s.len() > self.limits.max_string_len {
                    return Err(ConfigError::at(
                        ConfigErrorKind::Limit {
                            what: "string length",
                            limit: self.limits.max_string_len,
                        },
                        loc,
                    ));
                }
                Node::string(s.into_owned(), Some(loc))
            }
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                match i128::from_str_radix(&digits, i.radix()) {
                    Ok(n) if int_fits(n) => Node::scalar(NodeValue::Int(n), Some(loc)),
                    _ => {
                        return Err(ConfigError::at(
                            ConfigErrorKind::Value(format!("integer `{i}` does not fit 64 bits")),
                            loc,
                        ));
                    }
                }
            }
            DeValue::Float(x) => match x.as_str().replace('_', "").parse::<f64>() {
                Ok(f) if f.is_finite() => Node::scalar(NodeValue::Float(f), Some(loc)),
                _ => {
                    return Err(ConfigError::at(
                        ConfigErrorKind::Value(format!(
                            "float `{x}` cannot be stored (infinite and NaN values are not supported)"
                        )),
                        loc,
                    ));
                }
            },
            DeValue::Boolean(b) => Node::scalar(NodeValue::Bool(b), Some(loc)),
            DeValue::Datetime(d) => {
                return Err(ConfigError::at(
                    ConfigErrorKind::Unsupported(format!("a TOML date-time (`{d}`)")),
                    loc,
                ));
            }
            DeValue::Array(items) => {
                let items = items
                    .into_iter()
                    .map(|item| self.value(item, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                Node::list(items, Some(loc))
            }
            DeValue::Table(table) => self.table(table, span, depth)?,
        };
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> Result<serde_json::Value, String> {
        parse(text, Arc::from(Path::new("t.toml")), &Limits::default())
            .map(|node| node.to_value())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_toml_in_order() {
        let text = "z = 1\na = [1, 0x10, 1_000, 1e-4, 'x']\n[model.backbone]\ndepth = 50\n[[p]]\nt = 'a'\n";
        let value = read(text).unwrap();
        assert_eq!(
            value,
            json!({"z": 1, "a": [1, 16, 1000, 1e-4, "x"], "model": {"backbone": {"depth": 50}}, "p": [{"t": "a"}]})
        );
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "model", "p"]);
    }

    #[test]
    fn keeps_positions() {
        let node = parse(
            "a = 1\n[m]\nb = [1, 2]\n",
            Arc::from(Path::new("t.toml")),
            &Limits::default(),
        )
        .unwrap();
        let path = crate::KeyPath::root().key("m").key("b").index(1);
        assert_eq!(node.position(&path).unwrap().to_string(), "t.toml:3:9");
    }

    #[test]
    fn errors_name_the_position() {
        assert!(read("a = \n").unwrap_err().starts_with("t.toml:1:"));
        assert_eq!(
            read("a = 1979-05-27").unwrap_err(),
            "t.toml:1:5: a TOML date-time (`1979-05-27`) cannot be used in a config file (configs are read as data, never run)"
        );
        assert_eq!(
            read("a = inf").unwrap_err(),
            "t.toml:1:5: float `inf` cannot be stored (infinite and NaN values are not supported)"
        );
        let deep = format!("a = {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            read(&deep).unwrap_err(),
            "t.toml:1:205: nesting depth exceeds the limit of 200"
        );
    }
}
