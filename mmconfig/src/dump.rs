//! Writing a config as JSON, YAML, TOML or Python.
//!
//! Each writer produces text that our own readers read back to the same value:
//!
//! ```text
//! JSON    serde_json, pretty-printed
//! YAML    block style; strings always double-quoted, so none reads back as a number or bool
//! TOML    one dotted key per leaf, in order; TOML has no null, so `None` is an error
//!         naming its key
//! Python  `key = value` lines with `dict(...)`, lists and literals, as mmengine's
//!         `pretty_text` writes them (tuples come back as lists)
//! ```

use std::fmt::Write;

use serde_json::{Map, Value};

use config_keypath::KeyPath;

use super::ConfigFormat;
use super::error::{ConfigError, ConfigErrorKind};
use super::python::KEYWORDS;

const INDENT: usize = 4;

/// `value`, a dict, written in `format`.
pub(crate) fn dump(value: &Value, format: ConfigFormat) -> Result<String, ConfigError> {
    match format {
        ConfigFormat::Json => {
            let mut text = serde_json::to_string_pretty(value).map_err(|e| {
                ConfigError::new(ConfigErrorKind::Dump {
                    format: "JSON",
                    message: e.to_string(),
                })
            })?;
            text.push('\n');
            Ok(text)
        }
        ConfigFormat::Yaml => {
            let mut out = String::new();
            match value {
                Value::Object(map) if !map.is_empty() => yaml_dict(&mut out, map, 0, false),
                other => {
                    yaml_scalar(&mut out, other);
                    out.push('\n');
                }
            }
            Ok(out)
        }
        ConfigFormat::Toml => toml_dump(value),
        ConfigFormat::Python => python_dump(value),
    }
}

fn dump_error(format: &'static str, path: &KeyPath, message: impl Into<String>) -> ConfigError {
    let error = ConfigError::new(ConfigErrorKind::Dump {
        format,
        message: message.into(),
    });
    if path.is_root() {
        error
    } else {
        error.with_key(path.clone())
    }
}

// ---------------------------------------------------------------------------------------------
// Python

fn python_dump(value: &Value) -> Result<String, ConfigError> {
    let Value::Object(map) = value else {
        return Err(dump_error(
            "Python",
            &KeyPath::root(),
            "a Python config must be a dict at the top level",
        ));
    };
    let mut out = String::new();
    for (key, value) in map {
        if !is_identifier(key) || key == "_base_" || key.starts_with("__") {
            return Err(dump_error(
                "Python",
                &KeyPath::root().key(key.as_str()),
                format!("top-level key `{key}` cannot be a Python variable name"),
            ));
        }
        let _ = write!(out, "{key} = ");
        python_value(&mut out, value, 0);
        out.push('\n');
    }
    Ok(out)
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && !KEYWORDS.contains(&key)
}

fn python_value(out: &mut String, value: &Value, indent: usize) {
    let inner = indent + INDENT;
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => python_str(out, s),
        Value::Array(items) if items.iter().all(|v| !v.is_array() && !v.is_object()) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                python_value(out, item, inner);
            }
            out.push(']');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for item in items {
                pad(out, inner);
                python_value(out, item, inner);
                out.push_str(",\n");
            }
            pad(out, indent);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("dict()"),
        Value::Object(map) if map.keys().all(|k| is_identifier(k)) => {
            out.push_str("dict(\n");
            for (key, value) in map {
                pad(out, inner);
                let _ = write!(out, "{key}=");
                python_value(out, value, inner);
                out.push_str(",\n");
            }
            pad(out, indent);
            out.push(')');
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (key, value) in map {
                pad(out, inner);
                python_str(out, key);
                out.push_str(": ");
                python_value(out, value, inner);
                out.push_str(",\n");
            }
            pad(out, indent);
            out.push('}');
        }
    }
}

fn python_str(out: &mut String, text: &str) {
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// A number as both Python and YAML read it back with its type: floats keep a `.` or an
/// exponent (`1.0`, `1e-5`).
fn number_text(n: &serde_json::Number) -> String {
    if n.is_f64() {
        let x = n.as_f64().unwrap_or(0.0);
        let text = format!("{x:?}");
        if text.contains(['.', 'e', 'E']) {
            text
        } else {
            format!("{text}.0")
        }
    } else {
        n.to_string()
    }
}

/// A number as PyYAML (YAML 1.1, which mmengine uses) also reads it: a float's exponent
/// needs a `.` before it and a sign (`1.0e-5`, `1.0e+16`).
fn yaml_number(n: &serde_json::Number) -> String {
    let text = number_text(n);
    match text.split_once('e') {
        Some((mantissa, exponent)) => {
            let dot = if mantissa.contains('.') { "" } else { ".0" };
            let sign = if exponent.starts_with('-') { "" } else { "+" };
            format!("{mantissa}{dot}e{sign}{exponent}")
        }
        None => text,
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

// ---------------------------------------------------------------------------------------------
// YAML

/// Writes the entries of a non-empty dict at `indent`; with `inline_first`, the first entry
/// continues the current line (after `- `).
fn yaml_dict(out: &mut String, map: &Map<String, Value>, indent: usize, inline_first: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        yaml_key(out, key);
        out.push(':');
        yaml_entry_value(out, value, indent);
    }
}

/// Writes the value of `key:` or `-` at `indent`, ending the line.
fn yaml_entry_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml_dict(out, map, indent + 2, false);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            yaml_list(out, items, indent + 2, false);
        }
        other => {
            out.push(' ');
            yaml_scalar(out, other);
            out.push('\n');
        }
    }
}

fn yaml_list(out: &mut String, items: &[Value], indent: usize, inline_first: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                out.push(' ');
                yaml_dict(out, map, indent + 2, true);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push(' ');
                yaml_list(out, inner, indent + 2, true);
            }
            other => {
                out.push(' ');
                yaml_scalar(out, other);
                out.push('\n');
            }
        }
    }
}

fn yaml_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&yaml_number(n)),
        Value::String(s) => double_quoted(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn yaml_key(out: &mut String, key: &str) {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c == '_' || c == '-' || c.is_ascii_alphanumeric())
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        out.push_str(key)
    } else {
        double_quoted(out, key)
    }
}

fn double_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------------
// TOML

/// Every leaf as a dotted key (`model.backbone.depth = 50`), in order: TOML would otherwise
/// move plain keys ahead of tables and lose the config's key order.
fn toml_dump(value: &Value) -> Result<String, ConfigError> {
    let Value::Object(map) = value else {
        return Err(dump_error(
            "TOML",
            &KeyPath::root(),
            "a TOML document must be a table at the top level",
        ));
    };
    let mut out = String::new();
    let mut path = KeyPath::root();
    toml_table(&mut out, map, "", &mut path)?;
    Ok(out)
}

fn toml_table(
    out: &mut String,
    map: &Map<String, Value>,
    prefix: &str,
    path: &mut KeyPath,
) -> Result<(), ConfigError> {
    for (key, value) in map {
        let mut dotted = prefix.to_owned();
        toml_key(&mut dotted, key);
        path.push(key.as_str().into());
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                dotted.push('.');
                toml_table(out, inner, &dotted, path)?;
            }
            _ => {
                out.push_str(&dotted);
                out.push_str(" = ");
                toml_inline(out, value, path)?;
                out.push('\n');
            }
        }
        path.pop();
    }
    Ok(())
}

fn toml_inline(out: &mut String, value: &Value, path: &mut KeyPath) -> Result<(), ConfigError> {
    match value {
        Value::Null => return Err(dump_error("TOML", path, "TOML has no null (`None`)")),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_f64() => out.push_str(&number_text(n)),
        Value::Number(n) if n.as_i64().is_some() => out.push_str(&n.to_string()),
        Value::Number(n) => {
            return Err(dump_error(
                "TOML",
                path,
                format!("integer {n} does not fit TOML's 64-bit signed integers"),
            ));
        }
        Value::String(s) => double_quoted(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                path.push(i.into());
                let written = toml_inline(out, item, path);
                path.pop();
                written?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                toml_key(out, key);
                out.push_str(" = ");
                path.push(key.as_str().into());
                let written = toml_inline(out, item, path);
                path.pop();
                written?;
            }
            out.push_str(if map.is_empty() { "}" } else { " }" });
        }
    }
    Ok(())
}

fn toml_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c == '_' || c == '-' || c.is_ascii_alphanumeric());
    if bare {
        out.push_str(key)
    } else {
        double_quoted(out, key)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn python_dump_reads_like_mmengine_pretty_text() {
        let value = json!({"model": {"type": "ResNet", "out_indices": [3], "k": {"a-b": 1, "lambda": 2}},
                           "pipeline": [{"type": "A"}, [1, 2]], "lr": 1e-5, "w": 1.0, "s": "it's\n", "n": null, "e": {}});
        let text = dump(&value, ConfigFormat::Python).unwrap();
        assert_eq!(
            text,
            "model = dict(\n    type='ResNet',\n    out_indices=[3],\n    k={\n        'a-b': 1,\n        'lambda': 2,\n    },\n)\n\
             pipeline = [\n    dict(\n        type='A',\n    ),\n    [1, 2],\n]\nlr = 1e-5\nw = 1.0\ns = 'it\\'s\\n'\nn = None\ne = dict()\n"
        );
    }

    #[test]
    fn python_dump_rejects_keys_that_are_not_names() {
        let error = dump(&json!({"a-b": 1}), ConfigFormat::Python).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a-b: cannot write Python: top-level key `a-b` cannot be a Python variable name"
        );
    }

    #[test]
    fn yaml_dump_is_block_style() {
        let value = json!({"model": {"type": "ResNet", "topk": [1, 5]}, "p": [{"a": 1, "b": [2]}, [3, 4]], "yes": "x", "e": [], "f": [0.5, 1e-5, 1e16]});
        assert_eq!(
            dump(&value, ConfigFormat::Yaml).unwrap(),
            "model:\n  type: \"ResNet\"\n  topk:\n    - 1\n    - 5\np:\n  - a: 1\n    b:\n      - 2\n  - - 3\n    - 4\n\"yes\": \"x\"\ne: []\nf:\n  - 0.5\n  - 1.0e-5\n  - 1.0e+16\n"
        );
    }

    #[test]
    fn toml_dump_keeps_order_with_dotted_keys() {
        let value = json!({"model": {"type": "R", "head": {"topk": [1, 5]}}, "lr": 0.1, "p": [{"a b": 1}], "e": {}, "s": "q\"\n"});
        assert_eq!(
            dump(&value, ConfigFormat::Toml).unwrap(),
            "model.type = \"R\"\nmodel.head.topk = [1, 5]\nlr = 0.1\np = [{ \"a b\" = 1 }]\ne = {}\ns = \"q\\\"\\n\"\n"
        );
    }

    #[test]
    fn toml_dump_names_the_key_of_a_null() {
        let error = dump(&json!({"a": {"b": [1, null]}}), ConfigFormat::Toml).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.b[1]: cannot write TOML: TOML has no null (`None`)"
        );
        let error = dump(&json!({"big": 18446744073709551615u64}), ConfigFormat::Toml).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("big: cannot write TOML: integer 18446744073709551615")
        );
    }
}
