//! Python's number syntax, in one place: the lexer reads number literals with it, and
//! `--cfg-options` reads a bare word as Python's `int(word)` or `float(word)` with it.
//!
//! Digits may be separated by single underscores (`1_000`, `1e1_0`), never at the start or end
//! of a group of digits.

use crate::node::int_fits;

/// The decimal number at the start of a text: `digits [. digits] [e [+-] digits]`.
#[derive(Debug, PartialEq)]
pub(crate) struct Decimal {
    /// Bytes it spans (digits and underscores, greedily, so that `1__0` is one bad literal).
    pub(crate) len: usize,
    /// Whether it has a fraction or an exponent.
    pub(crate) is_float: bool,
    /// Whether every group of digits is well formed.
    pub(crate) valid: bool,
}

/// Scans the decimal number at the start of `text` (it may be empty: `len` is then 0).
pub(crate) fn scan_decimal(text: &str) -> Decimal {
    let bytes = text.as_bytes();
    let group = |from: usize| {
        bytes
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'_')
            .count()
    };
    let part = |from: usize, len: usize| text.get(from..from + len).unwrap_or("");
    let int_len = group(0);
    let mut valid = int_len == 0 || valid_digits(part(0, int_len));
    let mut len = int_len;
    let mut is_float = false;
    if bytes.get(len) == Some(&b'.') {
        is_float = true;
        let fraction = group(len + 1);
        valid &= (fraction == 0 || valid_digits(part(len + 1, fraction))) && int_len + fraction > 0;
        len += 1 + fraction;
    } else {
        valid &= int_len > 0;
    }
    if matches!(bytes.get(len), Some(b'e' | b'E')) {
        let mut exp = len + 1;
        if matches!(bytes.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        if bytes.get(exp).is_some_and(u8::is_ascii_digit) {
            let digits = group(exp);
            is_float = true;
            valid &= valid_digits(part(exp, digits));
            len = exp + digits;
        }
    }
    Decimal {
        len,
        is_float,
        valid,
    }
}

/// Digits in `radix` with single underscores between them, if the value fits 64 bits.
pub(crate) fn parse_int(digits: &str, radix: u32) -> Option<i128> {
    if !valid_group(digits, |c| c.is_digit(radix)) {
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

/// Python's `int(text)` in base 10: a sign, then digits (leading zeros allowed). `Some` with
/// a value past 64 bits (`i128::MAX` or `-i128::MAX`) when the digits are valid but too many.
pub(crate) fn int_of_str(text: &str) -> Option<i128> {
    let (negative, digits) = split_sign(text);
    if !valid_digits(digits) {
        return None;
    }
    let magnitude = parse_int(digits, 10).unwrap_or(i128::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

/// Python's `float(text)`: a sign, then a decimal number, or `inf`, `infinity` or `nan` in any
/// case.
pub(crate) fn float_of_str(text: &str) -> Option<f64> {
    let (negative, unsigned) = split_sign(text);
    let lower = unsigned.to_ascii_lowercase();
    let magnitude = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let decimal = scan_decimal(unsigned);
            if !decimal.valid || decimal.len != unsigned.len() {
                return None;
            }
            unsigned.replace('_', "").parse().ok()?
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    }
}

/// Decimal digits with single underscores between them.
fn valid_digits(text: &str) -> bool {
    valid_group(text, |c| c.is_ascii_digit())
}

fn valid_group(text: &str, is_digit: impl Fn(char) -> bool) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c == '_' || is_digit(c))
        && !text.starts_with('_')
        && !text.ends_with('_')
        && !text.contains("__")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_decimal_literals() {
        let d = scan_decimal("1_000.5e-3+x");
        assert_eq!((d.len, d.is_float, d.valid), (10, true, true));
        assert_eq!(scan_decimal("12 ").len, 2);
        assert!(!scan_decimal("12").is_float);
        assert!(scan_decimal(".5").valid && scan_decimal("5.").valid);
        assert!(!scan_decimal("1__0").valid);
        assert!(
            !scan_decimal("1_e5").valid,
            "an underscore must sit between digits"
        );
        assert!(!scan_decimal("1._5").valid);
        assert_eq!(scan_decimal("1e").len, 1, "no exponent without digits");
    }

    #[test]
    fn reads_words_as_int_and_float_do() {
        assert_eq!(int_of_str("-012"), Some(-12));
        assert_eq!(int_of_str("+1_0"), Some(10));
        assert_eq!(int_of_str("1.0"), None);
        assert_eq!(int_of_str("99999999999999999999999"), Some(i128::MAX));
        assert_eq!(float_of_str("-0.5"), Some(-0.5));
        assert_eq!(float_of_str("1E5"), Some(1e5));
        assert_eq!(float_of_str("1_0.5"), Some(10.5));
        assert_eq!(float_of_str("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(float_of_str("nan").is_some_and(f64::is_nan));
        assert_eq!(float_of_str("1e"), None);
        assert_eq!(float_of_str("e5"), None);
        assert_eq!(float_of_str("."), None);
    }

    #[test]
    fn parses_radix_digits_up_to_64_bits() {
        assert_eq!(parse_int("ff", 16), Some(255));
        assert_eq!(parse_int("1_0", 2), Some(2));
        assert_eq!(parse_int("2", 2), None);
        assert_eq!(parse_int("18446744073709551616", 10), None);
    }
}
