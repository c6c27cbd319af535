//! The error of every config operation: what went wrong, where, at which key, and through
//! which `_base_` includes.
//!
//! ```text
//! configs/resnet/bad.py:4:9: model.backbone: `backbone` is a dict in the child config but a
//! number in its base; set `_delete_=True` to replace it (included from configs/a.py:1:10)
//! ```

use std::fmt;
use std::path::PathBuf;

use config_keypath::KeyPath;

use super::source::Position;

/// A failed load, merge or dump of a config.
///
/// Its `Display` reads `file:line:column: key.path: what went wrong (included from …)`, each
/// part present when known.
#[derive(Debug, thiserror::Error)]
pub struct ConfigError(Box<Inner>);

/// The parts of a [`ConfigError`], boxed to keep `Result`s small.
#[derive(Debug)]
struct Inner {
    kind: ConfigErrorKind,
    location: Option<Position>,
    key: Option<KeyPath>,
    chain: Vec<Position>,
}

impl ConfigError {
    /// An error of `kind` with no position yet.
    pub(crate) fn new(kind: ConfigErrorKind) -> Self {
        Self(Box::new(Inner {
            kind,
            location: None,
            key: None,
            chain: Vec::new(),
        }))
    }

    /// An error of `kind` at `location`.
    pub(crate) fn at(kind: ConfigErrorKind, location: Position) -> Self {
        Self::new(kind).with_location(Some(location))
    }

    /// Sets the location, unless one is already known.
    pub(crate) fn with_location(mut self, location: Option<Position>) -> Self {
        if self.0.location.is_none() {
            self.0.location = location;
        }
        self
    }

    /// Sets the key path, unless one is already known.
    pub(crate) fn with_key(mut self, key: KeyPath) -> Self {
        if self.0.key.is_none() {
            self.0.key = Some(key);
        }
        self
    }

    /// Records that the failing file was included by the `_base_` entry at `site`.
    pub(crate) fn included_from(mut self, site: Position) -> Self {
        self.0.chain.push(site);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ConfigErrorKind {
        &self.0.kind
    }

    /// Where it went wrong, when that is a place in a file or option.
    pub fn position(&self) -> Option<&Position> {
        self.0.location.as_ref()
    }

    /// The config key concerned, when there is one.
    pub fn key_path(&self) -> Option<&KeyPath> {
        self.0.key.as_ref()
    }

    /// The `_base_` entries through which the failing file was reached, innermost first.
    pub fn include_chain(&self) -> &[Position] {
        &self.0.chain
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.0.location {
            write!(f, "{location}: ")?;
        }
        if let Some(key) = &self.0.key {
            write!(f, "{key}: ")?;
        }
        write!(f, "{}", self.0.kind)?;
        if let Some((first, rest)) = self.0.chain.split_first() {
            write!(f, " (included from {first}")?;
            for site in rest {
                write!(f, " <- {site}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// A file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A config or `_base_` file does not exist.
    #[error("config file `{}` does not exist", path.display())]
    NotFound {
        /// The file, as named.
        path: PathBuf,
    },
    /// A file's extension names no supported format.
    #[error("cannot tell the format of `{}`: expected .py, .json, .yaml, .yml or .toml", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// Text that does not parse in its format.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// Python outside the data-only subset configs may use; nothing was executed.
    #[error("{0} cannot be used in a config file (configs are read as data, never run)")]
    Unsupported(String),
    /// A name used before it was assigned (and not inherited from a `_base_` file).
    #[error(
        "name `{0}` is not defined (not assigned earlier in this file nor in its `_base_` files)"
    )]
    UndefinedName(String),
    /// A value of the wrong type or range for what is done with it.
    #[error("{0}")]
    Value(String),
    /// Input past one of the [`Limits`](super::Limits).
    #[error("{what} exceeds the limit of {limit}")]
    Limit {
        /// What grew too large.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// A `_base_` file includes itself, directly or not.
    #[error("`_base_` include cycle: {}", display_cycle(.0))]
    IncludeCycle(Vec<PathBuf>),
    /// Two `_base_` files of one config define the same top-level key.
    #[error("key `{key}` is defined by two `_base_` files, `{}` (at {first}) and `{}`; duplicate keys are not allowed among bases", first.file.display(), second.display())]
    DuplicateBaseKey {
        /// The key.
        key: String,
        /// Where the first base defines it.
        first: Position,
        /// The second base.
        second: PathBuf,
    },
    /// A child dict cannot merge into a base value that is not a dict.
    #[error(
        "this is a dict in the child config but {found} in its base; set `_delete_=True` in the child dict to replace the base value"
    )]
    MergeConflict {
        /// What the base has, e.g. "a list".
        found: &'static str,
    },
    /// `{{_base_.x}}` or `_base_.x` names nothing in the merged base files.
    #[error("`{path}` cannot be resolved{reason}")]
    BaseReference {
        /// The reference, e.g. `_base_.model.depth`.
        path: String,
        /// Why, when more can be said (starts with "; ").
        reason: String,
    },
    /// A `--cfg-options` entry that cannot be parsed or applied.
    #[error("option `{option}`: {message}")]
    Option {
        /// The option as given.
        option: String,
        /// What is wrong with it.
        message: String,
    },
    /// A value the requested dump format cannot write.
    #[error("cannot write {format}: {message}")]
    Dump {
        /// The format.
        format: &'static str,
        /// Why.
        message: String,
    },
}

fn display_cycle(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|file| file.display().to_string())
        .collect::<Vec<_>>()
        .join(" -> ")
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    #[test]
    fn display_names_location_key_and_include_chain() {
        let file = |name: &str| Arc::<Path>::from(Path::new(name));
        let error = ConfigError::at(
            ConfigErrorKind::MergeConflict { found: "a number" },
            Position::new(file("b.py"), 3, 7),
        )
        .with_key(KeyPath::root().key("model").key("depth"))
        .included_from(Position::new(file("a.py"), 1, 10))
        .included_from(Position::new(file("top.py"), 2, 4));
        assert_eq!(
            error.to_string(),
            "b.py:3:7: model.depth: this is a dict in the child config but a number in its base; \
             set `_delete_=True` in the child dict to replace the base value \
             (included from a.py:1:10 <- top.py:2:4)"
        );
    }

    #[test]
    fn first_location_and_key_win() {
        let file = Arc::<Path>::from(Path::new("x.py"));
        let error = ConfigError::at(
            ConfigErrorKind::Value("bad".into()),
            Position::new(file.clone(), 1, 1),
        )
        .with_location(Some(Position::new(file, 9, 9)))
        .with_key(KeyPath::root().key("a"))
        .with_key(KeyPath::root().key("b"));
        assert_eq!(error.to_string(), "x.py:1:1: a: bad");
    }
}
