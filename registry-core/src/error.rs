//! What can go wrong when building from a config, and where.

use std::fmt;

use crate::entry::CodeLocation;
use config_keypath::KeyPath;
use config_keypath::abbreviate::{self, Abbreviated};

/// A failed build: where in the config, which entry was being built, and what was wrong.
///
/// Displays as `key.path: what was wrong (in Entry)`, e.g.
/// `model.backbone.depth: expected one of 18, 34, 50, 101, 152, got 51 (in ResNet)`.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildError {
    /// Where in the config the error is, from the root of the config.
    pub path: KeyPath,
    /// The registry entry whose config holds the error, when one was chosen.
    pub entry: Option<String>,
    /// What was wrong.
    pub kind: BuildErrorKind,
}

/// The kinds of [`BuildError`].
#[derive(Debug, Clone, PartialEq)]
pub enum BuildErrorKind {
    /// `type` names no entry of the registry (nor of its parents).
    UnknownType {
        /// The name asked for.
        name: String,
        /// The registry searched.
        registry: &'static str,
        /// Registered names close to `name`, closest first.
        suggestions: Vec<String>,
    },
    /// The registry (and its parents) holds no entries at all: most likely the crate that
    /// registers them is not linked into this binary.
    EmptyRegistry {
        /// The name asked for.
        name: String,
        /// The registry searched.
        registry: &'static str,
    },
    /// `scope.Name` names a scope that registered nothing in the registry.
    UnknownScope {
        /// The scope asked for.
        scope: String,
        /// The registry searched.
        registry: &'static str,
        /// The scopes that did register entries there.
        known: Vec<String>,
    },
    /// A bare name registered by several scopes, with no default scope to choose.
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The registry searched.
        registry: &'static str,
        /// `scope.Name (file:line)` of every candidate.
        candidates: Vec<String>,
    },
    /// The config has no `type` key.
    MissingType {
        /// The registry the config was meant for.
        registry: &'static str,
    },
    /// `type` is not a string.
    TypeNotString {
        /// The JSON kind found instead (`number`, `list`, …).
        found: &'static str,
    },
    /// The config is not a dict.
    NotADict {
        /// The JSON kind found instead.
        found: &'static str,
    },
    /// A key the entry's config does not have.
    UnknownKey {
        /// The offending key.
        key: String,
        /// Every key the entry accepts.
        valid: Vec<String>,
    },
    /// The value could not be read as the entry's config (wrong type, missing field, …).
    Invalid(String),
    /// The registry holds conflicting registrations; nothing is built from it until they are fixed.
    Duplicate(Vec<Conflict>),
    /// Configs nested deeper than the build context allows.
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
    /// Several errors found in one pass (see [`crate::Registry::validate`]).
    Many(Vec<BuildError>),
}

/// Two registrations of one name in one registry and scope, neither deliberately replacing the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The registry.
    pub registry: &'static str,
    /// The name (or alias) registered twice.
    pub name: String,
    /// Where the first registration is.
    pub first: CodeLocation,
    /// Where the second registration is.
    pub second: CodeLocation,
}

impl BuildError {
    /// An error at `path`, not yet attributed to an entry.
    pub fn new(path: KeyPath, kind: BuildErrorKind) -> Self {
        Self {
            path,
            entry: None,
            kind,
        }
    }

    /// An invalid value at `path`, with a message saying what was expected.
    ///
    /// ```
    /// use registry_core::{BuildError, KeyPath};
    ///
    /// let error = BuildError::invalid(KeyPath::root().key("depth"), "expected one of 18, 34, got 51");
    /// assert_eq!(error.to_string(), "depth: expected one of 18, 34, got 51");
    /// ```
    pub fn invalid(path: KeyPath, message: impl Into<String>) -> Self {
        Self::new(path, BuildErrorKind::Invalid(message.into()))
    }

    /// Attributes the error to `entry` unless an inner entry already claimed it.
    pub fn in_entry(mut self, entry: &str) -> Self {
        if self.entry.is_none() {
            self.entry = Some(entry.to_owned());
        }
        self
    }

    /// Every single error this one holds: itself, or the members of [`BuildErrorKind::Many`].
    pub fn flatten(&self) -> Vec<&BuildError> {
        match &self.kind {
            BuildErrorKind::Many(errors) => errors.iter().flat_map(BuildError::flatten).collect(),
            _ => vec![self],
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let BuildErrorKind::Many(errors) = &self.kind {
            writeln!(f, "{} errors:", errors.len())?;
            for error in errors {
                writeln!(f, "  {error}")?;
            }
            return Ok(());
        }
        write!(f, "{}: {}", self.path, self.kind)?;
        if let Some(entry) = &self.entry {
            write!(f, " (in {entry})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

impl fmt::Display for BuildErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildErrorKind::UnknownType {
                name,
                registry,
                suggestions,
            } => {
                write!(
                    f,
                    "`{}` is not registered in {registry}",
                    abbreviate::name(name)
                )?;
                match suggestions.as_slice() {
                    [] => Ok(()),
                    [one] => write!(f, "; did you mean `{one}`?"),
                    many => write!(f, "; did you mean one of {}?", quoted(many)),
                }
            }
            BuildErrorKind::EmptyRegistry { name, registry } => write!(
                f,
                "`{}` is not registered in {registry}, which is empty: link the crate that \
                 registers it with `registry_core::link!(that_crate);`",
                abbreviate::name(name)
            ),
            BuildErrorKind::UnknownScope {
                scope,
                registry,
                known,
            } => write!(
                f,
                "no scope `{}` registered anything in {registry}; scopes there: {}",
                abbreviate::name(scope),
                quoted(known)
            ),
            BuildErrorKind::Ambiguous {
                name,
                registry,
                candidates,
            } => write!(
                f,
                "`{name}` is registered in {registry} by several scopes: {}; \
                 write `scope.{name}` or set `_scope_`",
                candidates.join(", ")
            ),
            BuildErrorKind::MissingType { registry } => {
                write!(f, "missing `type`: name the {registry} entry to build")
            }
            BuildErrorKind::TypeNotString { found } => {
                write!(f, "`type` must be a string, found a {found}")
            }
            BuildErrorKind::NotADict { found } => {
                write!(f, "expected a dict with a `type` key, found a {found}")
            }
            BuildErrorKind::UnknownKey { key, valid } => {
                let key = abbreviate::name(key);
                write!(f, "unknown key `{key}`; valid keys: {}", quoted(valid))
            }
            BuildErrorKind::Invalid(message) => {
                write!(f, "{}", Abbreviated(message, abbreviate::MAX_MESSAGE))
            }
            BuildErrorKind::Duplicate(conflicts) => {
                for (i, conflict) in conflicts.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{conflict}")?;
                }
                Ok(())
            }
            BuildErrorKind::TooDeep { limit } => {
                write!(f, "configs nested more than {limit} levels deep")
            }
            BuildErrorKind::Many(errors) => write!(f, "{} errors", errors.len()),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is registered twice in {}: at {} and at {} (use `force = true` to replace deliberately)",
            self.name, self.registry, self.first, self.second
        )
    }
}

/// The name of a JSON value's kind, for messages.
pub(crate) fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::Object(_) => "dict",
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
