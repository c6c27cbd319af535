#![doc = include_str!("../README.md")]

mod base;
mod dump;
mod error;
mod formats;
mod limits;
mod merge;
mod node;
mod options;
mod predefined;
mod python;
mod source;
mod stack;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use serde_json::Value;

pub use config_keypath::{KeyPath, Segment};
pub use error::{ConfigError, ConfigErrorKind};
pub use limits::Limits;
pub use source::{OPTIONS_SOURCE, Position, STRING_SOURCE};

use node::Node;

/// Top-level keys mmengine's `Config` reserves for itself.
const RESERVED_KEYS: [&str; 3] = ["filename", "text", "pretty_text"];

/// A loaded config: its merged value, where each value came from, and its file.
#[derive(Clone, Debug)]
pub struct Config {
    root: Node,
    value: Value,
    filename: Option<PathBuf>,
    limits: Limits,
}

/// The formats a config can be read from and written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigFormat {
    /// mmengine's Python configs (`.py`), read as data.
    Python,
    /// `.json`.
    Json,
    /// `.yaml` or `.yml`.
    Yaml,
    /// `.toml`.
    Toml,
}

impl ConfigFormat {
    /// The format of a file, by its extension.
    pub fn from_path(path: &Path) -> Option<ConfigFormat> {
        path.extension()?.to_str()?.parse().ok()
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ConfigFormat::Python => "py",
            ConfigFormat::Json => "json",
            ConfigFormat::Yaml => "yaml",
            ConfigFormat::Toml => "toml",
        }
    }
}

impl FromStr for ConfigFormat {
    type Err = ConfigError;

    /// `py`, `json`, `yaml`, `yml` or `toml`, with or without a leading dot.
    fn from_str(text: &str) -> Result<Self, ConfigError> {
        match text.strip_prefix('.').unwrap_or(text) {
            "py" => Ok(ConfigFormat::Python),
            "json" => Ok(ConfigFormat::Json),
            "yaml" | "yml" => Ok(ConfigFormat::Yaml),
            "toml" => Ok(ConfigFormat::Toml),
            _ => Err(ConfigError::new(ConfigErrorKind::UnknownFormat {
                path: PathBuf::from(text),
            })),
        }
    }
}

impl fmt::Display for ConfigFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConfigFormat::Python => "Python",
            ConfigFormat::Json => "JSON",
            ConfigFormat::Yaml => "YAML",
            ConfigFormat::Toml => "TOML",
        })
    }
}

impl Config {
    /// Loads a config file of any format (by extension), with its `_base_` files.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        Self::from_file_with_limits(path, &Limits::default())
    }

    /// [`Config::from_file`] under the given limits.
    pub fn from_file_with_limits(
        path: impl AsRef<Path>,
        limits: &Limits,
    ) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        let root = stack::with_stack(limits, || base::Loader::new(limits).load_file(path))?;
        Self::from_root(root, Some(path.to_owned()), limits)
    }

    /// Reads config text in `format`. Locations name [`STRING_SOURCE`]; `_base_` is an error
    /// since there is no file to resolve it against.
    pub fn from_str(text: &str, format: ConfigFormat) -> Result<Config, ConfigError> {
        Self::from_str_with_limits(text, format, &Limits::default())
    }

    /// [`Config::from_str`] under the given limits.
    pub fn from_str_with_limits(
        text: &str,
        format: ConfigFormat,
        limits: &Limits,
    ) -> Result<Config, ConfigError> {
        let file: Arc<Path> = Arc::from(Path::new(STRING_SOURCE));
        let root = stack::with_stack(limits, || {
            base::Loader::new(limits).load_text(text.to_owned(), format, file)
        })?;
        Self::from_root(root, None, limits)
    }

    /// A config holding `value`, which must be a JSON object nested no deeper than the default
    /// [`Limits::max_depth`]. Its values have no locations.
    pub fn from_value(value: Value) -> Result<Config, ConfigError> {
        let limits = Limits::default();
        if !value.is_object() {
            return Err(ConfigError::new(ConfigErrorKind::Value(
                "a config must be a dict at the top level".into(),
            )));
        }
        let root = Node::from_value(&value, limits.max_depth)?;
        Self::from_root(root, None, &limits)
    }

    fn from_root(
        root: Node,
        filename: Option<PathBuf>,
        limits: &Limits,
    ) -> Result<Config, ConfigError> {
        if let Some(entries) = root.as_dict()
            && let Some((key, value)) = entries
                .iter()
                .find(|(key, _)| RESERVED_KEYS.contains(&key.as_str()))
        {
            return Err(ConfigError::new(ConfigErrorKind::Value(format!(
                "`{key}` is a reserved name (mmengine's Config uses it), not a config key"
            )))
            .with_location(value.loc.clone())
            .with_key(KeyPath::root().key(key.as_str())));
        }
        let value = root.to_value();
        Ok(Config {
            root,
            value,
            filename,
            limits: limits.clone(),
        })
    }

    /// Applies overrides written as mmengine's `--cfg-options`: `key=value` strings such as
    /// `model.backbone.depth=101`, `model.head.topk=[1,5]`, `pipeline.0.type=X` or
    /// `topk[1]=3`. Values are parsed as int, float, bool, `None`, lists and tuples, or else
    /// kept as strings. Overridden values are located at [`OPTIONS_SOURCE`], line = the
    /// option's position (from 1), column = where its value starts. On error the config is
    /// left unchanged.
    pub fn merge_options<I, S>(&mut self, options: I) -> Result<(), ConfigError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let options: Vec<String> = options.into_iter().map(|o| o.as_ref().to_owned()).collect();
        let limits = &self.limits;
        let mut root = self.root.clone();
        root = stack::with_stack(limits, || {
            for (index, option) in options.iter().enumerate() {
                root = options::apply(root, option, index + 1, limits)?;
            }
            Ok(root)
        })?;
        self.value = root.to_value();
        self.root = root;
        Ok(())
    }

    /// The merged config.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The merged config, by value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The value at `path`, if there is one.
    pub fn get(&self, path: &KeyPath) -> Option<&Value> {
        path.segments()
            .iter()
            .try_fold(&self.value, |value, segment| match segment {
                Segment::Key(key) => value.get(key),
                Segment::Index(index) => value.get(index),
            })
    }

    /// Where the value at `path` was written (through `_base_` merges and options), or, if
    /// that is not known, where its nearest ancestor was. `None` when `path` names no value.
    pub fn position(&self, path: &KeyPath) -> Option<&Position> {
        self.root.position(path)
    }

    /// The config written in `format`. Python dumps read back to the same value; TOML cannot
    /// hold `None`, and the error names the key.
    pub fn dump(&self, format: ConfigFormat) -> Result<String, ConfigError> {
        dump::dump(&self.value, format)
    }

    /// The file the config was loaded from, if any.
    pub fn filename(&self) -> Option<&Path> {
        self.filename.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn formats_parse_from_names_and_paths() {
        assert_eq!("yml".parse::<ConfigFormat>().unwrap(), ConfigFormat::Yaml);
        assert_eq!(".py".parse::<ConfigFormat>().unwrap(), ConfigFormat::Python);
        assert_eq!(
            ConfigFormat::from_path(Path::new("a/b.toml")),
            Some(ConfigFormat::Toml)
        );
        assert_eq!(ConfigFormat::from_path(Path::new("a/b")), None);
        assert!(
            "ini"
                .parse::<ConfigFormat>()
                .unwrap_err()
                .to_string()
                .contains("cannot tell the format of `ini`")
        );
    }

    #[test]
    fn from_value_needs_a_shallow_dict() {
        let config = Config::from_value(json!({"a": {"b": [1, 2]}})).unwrap();
        assert_eq!(
            config.get(&KeyPath::parse("a.b[1]").unwrap()),
            Some(&json!(2))
        );
        assert_eq!(config.position(&KeyPath::parse("a.b").unwrap()), None);
        assert!(Config::from_value(json!([1])).is_err());
        let mut deep = json!(1);
        for _ in 0..300 {
            deep = json!({ "a": deep });
        }
        assert!(
            Config::from_value(deep)
                .unwrap_err()
                .to_string()
                .contains("nesting depth exceeds the limit of 200")
        );
    }

    #[test]
    fn from_str_reads_every_format_and_locates_values() {
        let config = Config::from_str("a = dict(b=[1, 2])\n", ConfigFormat::Python).unwrap();
        assert_eq!(config.value(), &json!({"a": {"b": [1, 2]}}));
        let at = config.position(&KeyPath::parse("a.b[1]").unwrap()).unwrap();
        assert_eq!(at.to_string(), "<string>:1:16");
        assert_eq!(config.filename(), None);
        for (text, format) in [
            ("{\"a\": 1}", ConfigFormat::Json),
            ("a: 1", ConfigFormat::Yaml),
            ("a = 1", ConfigFormat::Toml),
        ] {
            assert_eq!(
                Config::from_str(text, format).unwrap().into_value(),
                json!({"a": 1})
            );
        }
    }

    #[test]
    fn from_str_cannot_include_bases() {
        let error = Config::from_str("_base_ = ['a.py']\n", ConfigFormat::Python).unwrap_err();
        assert_eq!(
            error.to_string(),
            "<string>:1:11: `_base_` needs a config file: text loaded from a string cannot include files"
        );
    }
}
