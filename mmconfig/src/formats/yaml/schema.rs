//! YAML 1.2's core schema: what a scalar means, given its text, style and tag.

use saphyr_parser::{ScalarStyle, Tag};

use crate::error::{ConfigError, ConfigErrorKind};
use crate::node::{NodeValue, int_fits};
use crate::source::Position;

/// A tag as written: `!!suffix` for the core schema's prefix.
pub(super) fn tag_text(tag: &Tag) -> String {
    match tag.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", tag.suffix),
        handle => format!("{handle}{}", tag.suffix),
    }
}

/// The value of a scalar: a string if quoted or tagged `!!str`, else resolved by the core
/// schema.
pub(super) fn resolve(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    loc: &Position,
) -> Result<NodeValue, ConfigError> {
    let wrong = |what: &str| {
        ConfigError::at(
            ConfigErrorKind::Value(format!("`{text}` is not {what}")),
            loc.clone(),
        )
    };
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema()
            || !matches!(
                tag.suffix.as_str(),
                "str" | "null" | "bool" | "int" | "float"
            )
        {
            return Err(ConfigError::at(
                ConfigErrorKind::Unsupported(format!("the YAML tag `{}`", tag_text(tag))),
                loc.clone(),
            ));
        }
        let plain = resolve_plain(text, loc)?;
        return match (tag.suffix.as_str(), plain) {
            ("str", _) => Ok(NodeValue::Str(text.to_owned())),
            ("null", kind @ NodeValue::Null)
            | ("bool", kind @ NodeValue::Bool(_))
            | ("int", kind @ NodeValue::Int(_)) => Ok(kind),
            ("float", NodeValue::Int(i)) => Ok(NodeValue::Float(i as f64)),
            ("float", kind @ NodeValue::Float(_)) => Ok(kind),
            (suffix, _) => Err(wrong(&format!("a valid `!!{suffix}` value"))),
        };
    }
    if style != ScalarStyle::Plain {
        return Ok(NodeValue::Str(text.to_owned()));
    }
    resolve_plain(text, loc)
}

fn resolve_plain(text: &str, loc: &Position) -> Result<NodeValue, ConfigError> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(NodeValue::Null),
        "true" | "True" | "TRUE" => return Ok(NodeValue::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(NodeValue::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => {
            return Err(ConfigError::at(
                ConfigErrorKind::Value(format!(
                    "`{text}` cannot be stored (infinite and NaN values are not supported)"
                )),
                loc.clone(),
            ));
        }
        _ => {}
    }
    let out_of_range = || {
        ConfigError::at(
            ConfigErrorKind::Value(format!("integer `{text}` does not fit 64 bits")),
            loc.clone(),
        )
    };
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    let radix_digits = [("0o", 8), ("0x", 16)]
        .into_iter()
        .find_map(|(prefix, radix)| text.strip_prefix(prefix).map(|digits| (digits, radix)));
    if let Some((digits, radix)) = radix_digits
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_digit(radix))
    {
        return i128::from_str_radix(digits, radix)
            .ok()
            .filter(|i| int_fits(*i))
            .map(NodeValue::Int)
            .ok_or_else(out_of_range);
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let magnitude: i128 = unsigned.parse().map_err(|_| out_of_range())?;
        let value = if negative { -magnitude } else { magnitude };
        return if int_fits(value) {
            Ok(NodeValue::Int(value))
        } else {
            Err(out_of_range())
        };
    }
    if is_core_float(unsigned) {
        return match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(NodeValue::Float(x)),
            _ => Err(ConfigError::at(
                ConfigErrorKind::Value(format!("float `{text}` is out of range")),
                loc.clone(),
            )),
        };
    }
    Ok(NodeValue::Str(text.to_owned()))
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float (sign removed).
fn is_core_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (
            text.get(..at).unwrap_or(""),
            Some(text.get(at + 1..).unwrap_or("")),
        ),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && (fraction.is_empty() || digits(fraction)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}
