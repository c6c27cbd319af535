//! Readers for the data formats: JSON, YAML and TOML.
//!
//! Each turns text into a located [`Node`] tree; `_base_` and `{{_base_.x}}` are handled
//! afterwards, the same way for all three (see [`base`](super::base)). A `{{_base_.a.b}}`
//! reference may be written as a string that is exactly that (all formats) or bare where
//! the format's syntax allows it (JSON and YAML), as mmengine writes it.

mod json;
mod toml;
mod yaml;

use std::path::Path;
use std::sync::Arc;

use super::error::ConfigError;
use super::limits::Limits;
use super::node::Node;
use super::python::parse_base_path;

/// The formats that hold plain data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataFormat {
    Json,
    Yaml,
    Toml,
}

/// Parses `text` in `format`.
pub(crate) fn parse(
    format: DataFormat,
    text: &str,
    file: Arc<Path>,
    limits: &Limits,
) -> Result<Node, ConfigError> {
    match format {
        DataFormat::Json => json::parse(text, file, limits),
        DataFormat::Yaml => yaml::parse(text, file, limits),
        DataFormat::Toml => toml::parse(text, file, limits),
    }
}

/// If `text` starts with a `{{ _base_.a.b }}` reference (on one line), its length in bytes and
/// its canonical spelling `{{_base_.a.b}}`.
pub(crate) fn base_placeholder(text: &str) -> Option<(usize, String)> {
    let inner_and_rest = text.strip_prefix("{{")?;
    let end = inner_and_rest.find("}}")?;
    let inner = inner_and_rest.get(..end)?;
    if inner.contains('\n') {
        return None;
    }
    let path = parse_base_path(inner)?;
    Some((end + 4, format!("{{{{_base_.{}}}}}", path.join("."))))
}

/// If `text` is exactly a `{{ _base_.a.b }}` reference, its path.
pub(crate) fn base_reference(text: &str) -> Option<Vec<String>> {
    let trimmed = text.trim();
    let (len, _) = base_placeholder(trimmed)?;
    if len != trimmed.len() {
        return None;
    }
    parse_base_path(trimmed.get(2..len - 2)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_base_references() {
        assert_eq!(
            base_placeholder("{{ _base_.a.b }}, 1"),
            Some((16, "{{_base_.a.b}}".to_owned()))
        );
        assert_eq!(
            base_reference(" {{_base_.model}} "),
            Some(vec!["model".to_owned()])
        );
        assert_eq!(base_reference("{{_base_.a}} tail"), None);
        assert_eq!(base_reference("{{ fileDirname }}"), None);
        assert_eq!(base_reference("{{_base_.}}"), None);
    }
}
