//! [`Registry`]: named entries that build one kind of thing from configs.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use once_cell::sync::Lazy;
use serde_json::{Map, Value};

use crate::buildable::{Buildable, Upcast};
use crate::context::BuildContext;
use crate::directory;
use crate::entry::{Entry, EntryInfo};
use crate::error::{BuildError, BuildErrorKind, Conflict, json_kind};
use crate::index::{self, Index};
use crate::suggest::{KnownName, suggest};

/// A registry of entries that build `P` (e.g. `Box<dyn Backbone>`) from configs, as
/// mmengine's `Registry`.
///
/// Declare one as a `static`; `#[register_module(NAME)]` fills it, from any crate:
///
/// ```
/// use registry_core::{BuildContext, BuildError, Buildable, Registry, Upcast, register_module};
///
/// pub trait Transform: Send + Sync + std::fmt::Debug {
///     fn apply(&self, x: f64) -> f64;
/// }
/// impl<T: Transform + 'static> Upcast<T> for Box<dyn Transform> {
///     fn upcast(value: T) -> Self {
///         Box::new(value)
///     }
/// }
///
/// pub static TRANSFORMS: Registry<Box<dyn Transform>> = Registry::new("TRANSFORMS");
///
/// /// Multiplies by a constant.
/// #[register_module(TRANSFORMS, aliases = ["Mul"])]
/// #[derive(Debug)]
/// pub struct Scale {
///     by: f64,
/// }
///
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// pub struct ScaleConfig {
///     by: f64,
/// }
///
/// impl Buildable for Scale {
///     type Config = ScaleConfig;
///     fn build(config: ScaleConfig, _: &mut BuildContext) -> Result<Self, BuildError> {
///         Ok(Scale { by: config.by })
///     }
/// }
/// impl Transform for Scale {
///     fn apply(&self, x: f64) -> f64 {
///         x * self.by
///     }
/// }
///
/// let double = TRANSFORMS.build(&serde_json::json!({"type": "Mul", "by": 2.0})).unwrap();
/// assert_eq!(double.apply(21.0), 42.0);
/// assert_eq!(TRANSFORMS.get("Scale").unwrap().doc, "Multiplies by a constant.");
///
/// let typo = TRANSFORMS.build(&serde_json::json!({"type": "Scal", "by": 2.0})).unwrap_err();
/// assert_eq!(typo.to_string(), "type: `Scal` is not registered in TRANSFORMS; did you mean `Scale`?");
/// ```
pub struct Registry<P: 'static> {
    name: &'static str,
    parent: Option<&'static Registry<P>>,
    table: Lazy<RwLock<Table<P>>>,
}

/// The parts of a config every build reads first: the dict, its `type` and its `_scope_`.
pub(crate) struct Header<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) type_name: &'a str,
    pub(crate) scope: Option<&'a str>,
}

impl<'a> Header<'a> {
    /// Reads the header of `config`, meant for the registry `registry`.
    pub(crate) fn read(
        config: &'a Value,
        registry: &'static str,
        ctx: &BuildContext,
    ) -> Result<Self, BuildError> {
        let map = config.as_object().ok_or_else(|| {
            BuildError::new(
                ctx.path().clone(),
                BuildErrorKind::NotADict {
                    found: json_kind(config),
                },
            )
        })?;
        let type_name = match map.get("type") {
            Some(Value::String(name)) => name,
            Some(other) => {
                return Err(BuildError::new(
                    ctx.path().clone().key("type"),
                    BuildErrorKind::TypeNotString {
                        found: json_kind(other),
                    },
                ));
            }
            None => {
                return Err(BuildError::new(
                    ctx.path().clone(),
                    BuildErrorKind::MissingType { registry },
                ));
            }
        };
        let scope = match map.get("_scope_") {
            None => None,
            Some(Value::String(scope)) => Some(scope.as_str()),
            Some(other) => {
                return Err(ctx.invalid(
                    "_scope_",
                    format!("`_scope_` must be a string, found a {}", json_kind(other)),
                ));
            }
        };
        Ok(Header {
            map,
            type_name,
            scope,
        })
    }
}

/// The registrations, in order, and the index built from them when first needed.
struct Table<P> {
    entries: Vec<Arc<Entry<P>>>,
    index: Option<Arc<Index<P>>>,
}

impl<P> Table<P> {
    fn empty() -> RwLock<Self> {
        RwLock::new(Table {
            entries: Vec::new(),
            index: None,
        })
    }
}

impl<P: 'static> Registry<P> {
    /// An empty registry called `name` (shown in errors and listings).
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            parent: None,
            table: Lazy::new(Table::empty),
        }
    }

    /// An empty registry whose lookups fall back to `parent`, as mmengine's child registries.
    pub const fn with_parent(name: &'static str, parent: &'static Registry<P>) -> Self {
        Self {
            name,
            parent: Some(parent),
            table: Lazy::new(Table::empty),
        }
    }

    /// The registry's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The registry lookups fall back to.
    pub fn parent(&self) -> Option<&'static Registry<P>> {
        self.parent
    }

    /// Builds the entry `config["type"]` names from the rest of `config`, on the Flex CPU device.
    pub fn build(&self, config: &Value) -> Result<P, BuildError> {
        self.build_in(config, &mut BuildContext::default())
    }

    /// Builds `config` within a larger build: on its device, at its key path, in its scope.
    pub fn build_in(&self, config: &Value, ctx: &mut BuildContext) -> Result<P, BuildError> {
        let header = Header::read(config, self.name, ctx)?;
        ctx.descend(header.scope, |ctx| {
            let entry = self.resolve_at(header.type_name, ctx)?;
            entry.build(header.map, config, ctx)
        })
    }

    /// Resolves `type_name` for the config at the context's path.
    pub(crate) fn resolve_at(
        &self,
        type_name: &str,
        ctx: &BuildContext,
    ) -> Result<Arc<Entry<P>>, BuildError> {
        self.resolve(type_name, ctx.scope())
            .map_err(|kind| BuildError::new(ctx.path().clone().key("type"), kind))
    }

    /// Builds `config` with `defaults` filling the keys it leaves out (mmengine's `default_args`).
    pub fn build_with_defaults_in(
        &self,
        config: &Value,
        defaults: &Map<String, Value>,
        ctx: &mut BuildContext,
    ) -> Result<P, BuildError> {
        let Value::Object(map) = config else {
            return self.build_in(config, ctx);
        };
        let mut merged = defaults.clone();
        merged.extend(map.iter().map(|(key, value)| (key.clone(), value.clone())));
        self.build_in(&Value::Object(merged), ctx)
    }

    /// Registers `T` at run time, as the attribute does at start-up. Unlike start-up
    /// registrations, a conflict is refused at once.
    ///
    /// ```
    /// use registry_core::{EntryInfo, Registry};
    /// # use registry_core::{BuildContext, BuildError, Buildable, Upcast};
    /// # #[derive(serde::Deserialize, schemars::JsonSchema)] struct Empty {}
    /// # struct Plugin;
    /// # impl Buildable for Plugin { type Config = Empty;
    /// #   fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> { Ok(Plugin) } }
    /// # impl Upcast<Plugin> for String { fn upcast(_: Plugin) -> String { "plugin".into() } }
    /// static PLUGINS: Registry<String> = Registry::new("PLUGINS");
    ///
    /// PLUGINS.register::<Plugin>(EntryInfo::new("Plugin", "my_app")).unwrap();
    /// assert!(PLUGINS.register::<Plugin>(EntryInfo::new("Plugin", "my_app")).is_err());
    /// PLUGINS.register::<Plugin>(EntryInfo::new("Plugin", "my_app").forced()).unwrap();
    /// assert_eq!(PLUGINS.len(), 1);
    /// ```
    pub fn register<T>(&'static self, info: EntryInfo) -> Result<(), BuildError>
    where
        T: Buildable,
        P: Upcast<T>,
    {
        let mut table = self.write();
        table.entries.push(Arc::new(Entry::of::<T>(info)));
        let conflicts = index::newest_conflicts(self.name, &table.entries);
        if conflicts.is_empty() {
            table.index = None;
            drop(table);
            directory::enroll(self);
            Ok(())
        } else {
            table.entries.pop();
            Err(BuildError::new(
                Default::default(),
                BuildErrorKind::Duplicate(conflicts),
            ))
        }
    }

    /// Adds a start-up registration; never fails or panics (it runs before `main`). Conflicts
    /// surface when the registry is used.
    pub(crate) fn insert(&self, entry: Entry<P>) {
        let mut table = self.write();
        table.entries.push(Arc::new(entry));
        table.index = None;
    }

    /// Fails with every conflicting registration, if there are any.
    pub fn ensure_no_conflicts(&self) -> Result<(), BuildError> {
        self.index()
            .refuse_conflicts()
            .map_err(|kind| BuildError::new(Default::default(), kind))
    }

    /// Registrations of one name that clash.
    pub fn conflicts(&self) -> Vec<Conflict> {
        self.index().conflicts.clone()
    }

    /// Whether `name` (`Name`, an alias, or `scope.Name`) resolves here or in a parent.
    pub fn contains(&self, name: &str) -> bool {
        self.lookup(name, None).is_ok()
    }

    /// The entry `name` resolves to, here or in a parent; `None` if unknown or ambiguous.
    pub fn get(&self, name: &str) -> Option<EntryInfo> {
        self.lookup(name, None).ok().map(|entry| entry.info.clone())
    }

    /// The JSON Schema of the config of the entry `name` resolves to.
    pub fn schema(&self, name: &str) -> Option<schemars::Schema> {
        self.lookup(name, None)
            .ok()
            .map(|entry| entry.schema().clone())
    }

    /// How many entries this registry holds (not counting its parents).
    pub fn len(&self) -> usize {
        self.index().live.len()
    }

    /// Whether this registry holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names of this registry's entries, sorted (aliases not included).
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .index()
            .live
            .iter()
            .map(|entry| entry.info.name.to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every entry of this registry, sorted by name then scope.
    pub fn entries(&self) -> Vec<EntryInfo> {
        let mut entries: Vec<EntryInfo> = self
            .index()
            .live
            .iter()
            .map(|entry| entry.info.clone())
            .collect();
        entries.sort_by(|a, b| (&a.name, &a.scope).cmp(&(&b.name, &b.scope)));
        entries
    }

    /// The entries whose name or an alias matches a glob such as `resnet*`, ignoring case
    /// (timm's `list_models`).
    pub fn list(&self, pattern: &str) -> Result<Vec<EntryInfo>, glob::PatternError> {
        let pattern = glob::Pattern::new(pattern)?;
        let options = glob::MatchOptions {
            case_sensitive: false,
            ..Default::default()
        };
        Ok(self
            .entries()
            .into_iter()
            .filter(|info| info.names().any(|name| pattern.matches_with(name, options)))
            .collect())
    }

    /// The scopes (crates) that registered entries here.
    pub fn scopes(&self) -> Vec<String> {
        self.index().scopes()
    }

    /// Resolves `type_name` for a build: refuses while the registry has conflicts.
    fn resolve(
        &self,
        type_name: &str,
        default_scope: Option<&str>,
    ) -> Result<Arc<Entry<P>>, BuildErrorKind> {
        // Conflicts anywhere along the parents stop every build through them.
        let index = self.index();
        index.refuse_conflicts()?;
        for ancestor in std::iter::successors(self.parent, |registry| registry.parent) {
            ancestor.index().refuse_conflicts()?;
        }
        self.lookup_from(index, type_name, default_scope)
    }

    /// Finds `type_name` here, then in the parents, as mmengine does.
    fn lookup(
        &self,
        type_name: &str,
        default_scope: Option<&str>,
    ) -> Result<Arc<Entry<P>>, BuildErrorKind> {
        self.lookup_from(self.index(), type_name, default_scope)
    }

    /// [`lookup`](Self::lookup), with this registry's `index` already fetched.
    fn lookup_from(
        &self,
        mut index: Arc<Index<P>>,
        type_name: &str,
        default_scope: Option<&str>,
    ) -> Result<Arc<Entry<P>>, BuildErrorKind> {
        let (scope, name) = match type_name.split_once('.') {
            Some((scope, name)) => (Some(scope), name),
            None => (None, type_name),
        };
        let mut current = self;
        let mut known_scopes = Vec::new();
        let mut known_names = Vec::new();
        loop {
            if let Some(entry) = index.find(current.name, scope, name, default_scope)? {
                return Ok(entry.clone());
            }
            known_scopes.extend(index.scopes());
            known_names.extend(index.names().map(|name| KnownName {
                name: name.to_owned(),
                entry: index.canonical(name),
            }));
            match current.parent {
                Some(parent) => {
                    current = parent;
                    index = parent.index();
                }
                None => break,
            }
        }
        if known_names.is_empty() {
            return Err(BuildErrorKind::EmptyRegistry {
                name: type_name.to_owned(),
                registry: self.name,
            });
        }
        match scope {
            Some(scope) if !known_scopes.iter().any(|known| known == scope) => {
                known_scopes.sort();
                known_scopes.dedup();
                Err(BuildErrorKind::UnknownScope {
                    scope: scope.to_owned(),
                    registry: self.name,
                    known: known_scopes,
                })
            }
            _ => Err(BuildErrorKind::UnknownType {
                name: type_name.to_owned(),
                registry: self.name,
                suggestions: suggest(name, &known_names),
            }),
        }
    }

    /// The current index, rebuilt first if registrations changed.
    fn index(&self) -> Arc<Index<P>> {
        if let Some(index) = &self.read().index {
            return index.clone();
        }
        let mut table = self.write();
        match &table.index {
            Some(index) => index.clone(),
            None => {
                let index = Arc::new(Index::build(self.name, &table.entries));
                table.index = Some(index.clone());
                index
            }
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Table<P>> {
        self.table.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Table<P>> {
        self.table.write().unwrap_or_else(PoisonError::into_inner)
    }
}
