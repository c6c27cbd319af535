//! One registered type: its metadata and how to build it.

use std::borrow::Cow;
use std::fmt;

use once_cell::sync::OnceCell;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::buildable::{Buildable, Upcast};
use crate::context::BuildContext;
use crate::error::{BuildError, BuildErrorKind};
use config_keypath::KeyPath;

/// A place in source code: file and line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeLocation {
    /// The file, as `file!()` gives it.
    pub file: Cow<'static, str>,
    /// The line, from 1.
    pub line: u32,
}

impl fmt::Display for CodeLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What a registry knows about one entry, as `mmreg show` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInfo {
    /// The name configs use in `type`.
    pub name: Cow<'static, str>,
    /// Further names for the same entry.
    pub aliases: Vec<Cow<'static, str>>,
    /// The registering crate (`models`), usable as `type: "models.ResNet"`.
    pub scope: Cow<'static, str>,
    /// The Rust path of the registered type (`models::backbones::resnet::ResNet`).
    pub type_path: Cow<'static, str>,
    /// Where the registration is.
    pub location: CodeLocation,
    /// The first line of the type's doc comment.
    pub doc: Cow<'static, str>,
    /// Whether this entry deliberately replaces others of its name.
    pub force: bool,
}

impl EntryInfo {
    /// Metadata for a run-time registration of `name`, scoped to `scope`, located at the caller.
    ///
    /// ```
    /// use registry_core::EntryInfo;
    ///
    /// let info = EntryInfo::new("Plugin", "my_plugin").with_aliases(["plugin"]);
    /// assert_eq!(info.names().collect::<Vec<_>>(), ["Plugin", "plugin"]);
    /// assert!(info.location.file.ends_with("entry.rs") || info.location.line > 0);
    /// ```
    #[track_caller]
    pub fn new(name: impl Into<Cow<'static, str>>, scope: impl Into<Cow<'static, str>>) -> Self {
        let caller = std::panic::Location::caller();
        Self {
            name: name.into(),
            aliases: Vec::new(),
            scope: scope.into(),
            type_path: Cow::Borrowed(""),
            location: CodeLocation {
                file: Cow::Borrowed(caller.file()),
                line: caller.line(),
            },
            doc: Cow::Borrowed(""),
            force: false,
        }
    }

    /// Adds aliases.
    pub fn with_aliases<I, S>(mut self, aliases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<Cow<'static, str>>,
    {
        self.aliases.extend(aliases.into_iter().map(Into::into));
        self
    }

    /// Sets the first doc line.
    pub fn with_doc(mut self, doc: impl Into<Cow<'static, str>>) -> Self {
        self.doc = doc.into();
        self
    }

    /// Marks the entry as deliberately replacing any other of its names.
    pub fn forced(mut self) -> Self {
        self.force = true;
        self
    }

    /// The name, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_ref()).chain(self.aliases.iter().map(AsRef::as_ref))
    }

    /// `scope.Name`, the fully qualified name.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.scope, self.name)
    }
}

/// A registered entry of a registry holding `P`.
pub(crate) struct Entry<P> {
    pub(crate) info: EntryInfo,
    build: fn(&Value, &mut BuildContext) -> Result<P, BuildError>,
    make_schema: fn() -> schemars::Schema,
    schema: OnceCell<schemars::Schema>,
    keys: OnceCell<ConfigKeys>,
}

/// The top-level keys an entry's config accepts.
#[derive(Debug)]
enum ConfigKeys {
    /// Exactly these.
    Closed(Vec<String>),
    /// Anything (the config type accepts arbitrary keys).
    Open,
}

/// Keys every config may carry besides its own: the entry name and the scope switch.
pub(crate) const RESERVED_KEYS: [&str; 2] = ["type", "_scope_"];

impl<P> Entry<P> {
    /// The entry that builds `T` and stores it as `P`.
    pub(crate) fn of<T>(info: EntryInfo) -> Self
    where
        T: Buildable,
        P: Upcast<T>,
    {
        Self {
            info,
            build: build_as::<T, P>,
            make_schema: || schemars::schema_for!(T::Config),
            schema: OnceCell::new(),
            keys: OnceCell::new(),
        }
    }

    /// The JSON Schema of this entry's config, made once.
    pub(crate) fn schema(&self) -> &schemars::Schema {
        self.schema.get_or_init(self.make_schema)
    }

    /// The keys of `config` this entry does not accept, in order.
    pub(crate) fn unknown_keys<'a>(&self, config: &'a Map<String, Value>) -> Vec<&'a String> {
        match self.keys.get_or_init(|| ConfigKeys::of(self.schema())) {
            ConfigKeys::Open => Vec::new(),
            ConfigKeys::Closed(valid) => config
                .keys()
                .filter(|key| !RESERVED_KEYS.contains(&key.as_str()) && !valid.contains(key))
                .collect(),
        }
    }

    /// The error for `key`, which this entry does not accept.
    pub(crate) fn unknown_key_error(&self, key: &str, ctx: &BuildContext) -> BuildError {
        let valid = match self.keys.get() {
            Some(ConfigKeys::Closed(valid)) => valid.clone(),
            _ => Vec::new(),
        };
        BuildError::new(
            ctx.path().clone().key(key),
            BuildErrorKind::UnknownKey {
                key: key.to_owned(),
                valid,
            },
        )
        .in_entry(&self.info.name)
    }

    /// Checks the keys of `config`, then builds.
    pub(crate) fn build(
        &self,
        config: &Map<String, Value>,
        value: &Value,
        ctx: &mut BuildContext,
    ) -> Result<P, BuildError> {
        if let Some(key) = self.unknown_keys(config).first() {
            return Err(self.unknown_key_error(key, ctx));
        }
        (self.build)(value, ctx).map_err(|error| error.in_entry(&self.info.name))
    }
}

impl ConfigKeys {
    /// Reads the accepted keys off a config schema: its `properties`, closed unless the schema
    /// allows additional properties explicitly.
    fn of(schema: &schemars::Schema) -> Self {
        let object = schema.as_object();
        let open = object
            .and_then(|object| object.get("additionalProperties"))
            .is_some_and(|additional| additional != &Value::Bool(false));
        match object.and_then(|object| object.get("properties")) {
            Some(Value::Object(properties)) if !open => {
                ConfigKeys::Closed(properties.keys().cloned().collect())
            }
            None if !open && object.is_some_and(|o| o.get("type") == Some(&"object".into())) => {
                ConfigKeys::Closed(Vec::new())
            }
            _ => ConfigKeys::Open,
        }
    }
}

/// Deserializes `T`'s config from `value` (key paths kept in errors), builds `T` and stores it as `P`.
fn build_as<T, P>(value: &Value, ctx: &mut BuildContext) -> Result<P, BuildError>
where
    T: Buildable,
    P: Upcast<T>,
{
    // Plain serde first; only a config that fails is read again, tracking the key path.
    let config = match T::Config::deserialize(value) {
        Ok(config) => config,
        Err(_) => serde_path_to_error::deserialize(value).map_err(|error| {
            let path = ctx.path().clone().join(&serde_path(error.path()));
            BuildError::invalid(path, error.into_inner().to_string())
        })?,
    };
    T::build(config, ctx).map(P::upcast)
}

/// Converts serde_path_to_error's path into ours.
fn serde_path(path: &serde_path_to_error::Path) -> KeyPath {
    use serde_path_to_error::Segment as S;
    path.iter()
        .fold(KeyPath::root(), |path, segment| match segment {
            S::Seq { index } => path.index(*index),
            S::Map { key } => path.key(key.as_str()),
            S::Enum { variant } => path.key(variant.as_str()),
            S::Unknown => path,
        })
}
