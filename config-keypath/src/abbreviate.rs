//! Abbreviating user text in messages: a megabyte `type` name or key stays whole in the error
//! value, but is shown cut, so a message stays readable and small.

use std::fmt;

/// The longest name or key shown whole.
pub const MAX_NAME: usize = 64;

/// The longest free-text message (from serde) shown whole.
pub const MAX_MESSAGE: usize = 512;

/// `text` shown with at most `max` characters, then `…` and its full length in bytes.
///
/// ```
/// use config_keypath::abbreviate::Abbreviated;
///
/// let long = "ResNet".repeat(100);
/// assert_eq!(Abbreviated(&long, 8).to_string(), "ResNetRe… (600 bytes)");
/// ```
pub struct Abbreviated<'a>(pub &'a str, pub usize);

impl fmt::Display for Abbreviated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Abbreviated(text, max) = *self;
        match text.char_indices().nth(max) {
            None => f.write_str(text),
            Some((end, _)) => write!(f, "{}… ({} bytes)", &text[..end], text.len()),
        }
    }
}

/// A name or key, abbreviated past [`MAX_NAME`] characters.
pub fn name(text: &str) -> Abbreviated<'_> {
    Abbreviated(text, MAX_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_shown_whole() {
        assert_eq!(Abbreviated("ResNet", 6).to_string(), "ResNet");
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        assert_eq!(
            Abbreviated(&"é".repeat(10), 3).to_string(),
            "ééé… (20 bytes)"
        );
    }
}
