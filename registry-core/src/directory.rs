//! Every registry by name, as a trait object: what tools list (`mmreg list`), and what
//! validation and schemas follow when a config field names its registry with `x-registry`.

use std::sync::{PoisonError, RwLock};

use once_cell::sync::Lazy;
use serde_json::Value;

use crate::context::BuildContext;
use crate::entry::EntryInfo;
use crate::error::BuildError;
use crate::registry::Registry;
use crate::root::{
    ACTIVATIONS, BACKBONES, BATCH_AUGMENTS, HEADS, LOSSES, MODELS, NECKS, NORM_LAYERS,
    WEIGHT_INITIALIZERS,
};

/// A registry, whatever it builds: its name, entries and schemas, and validation of configs.
pub trait AnyRegistry: Sync {
    /// The registry's name.
    fn name(&self) -> &'static str;
    /// Its entries, sorted by name then scope.
    fn entries(&self) -> Vec<EntryInfo>;
    /// The entry `name` resolves to.
    fn get(&self, name: &str) -> Option<EntryInfo>;
    /// The JSON Schema of the config of the entry `name` resolves to.
    fn schema(&self, name: &str) -> Option<schemars::Schema>;
    /// A JSON Schema for any config of this registry (see [`Registry::config_schema`]).
    fn config_schema(&self) -> schemars::Schema;
    /// Checks `config` and everything nested in it, collecting every error found.
    fn validate_into(&self, config: &Value, ctx: &mut BuildContext, errors: &mut Vec<BuildError>);
}

impl<P: 'static> AnyRegistry for Registry<P> {
    fn name(&self) -> &'static str {
        Registry::name(self)
    }

    fn entries(&self) -> Vec<EntryInfo> {
        Registry::entries(self)
    }

    fn get(&self, name: &str) -> Option<EntryInfo> {
        Registry::get(self, name)
    }

    fn schema(&self, name: &str) -> Option<schemars::Schema> {
        Registry::schema(self, name)
    }

    fn config_schema(&self) -> schemars::Schema {
        Registry::config_schema(self)
    }

    fn validate_into(&self, config: &Value, ctx: &mut BuildContext, errors: &mut Vec<BuildError>) {
        Registry::validate_config(self, config, ctx, errors)
    }
}

/// The root registries, then every registry that has had an entry registered.
static DIRECTORY: Lazy<RwLock<Vec<&'static dyn AnyRegistry>>> = Lazy::new(|| {
    RwLock::new(vec![
        &MODELS,
        &BACKBONES,
        &NECKS,
        &HEADS,
        &LOSSES,
        &NORM_LAYERS,
        &ACTIVATIONS,
        &BATCH_AUGMENTS,
        &WEIGHT_INITIALIZERS,
    ])
});

/// Adds `registry` to the directory unless it is there. Never panics (it runs before `main`).
pub(crate) fn enroll(registry: &'static dyn AnyRegistry) {
    let mut directory = DIRECTORY.write().unwrap_or_else(PoisonError::into_inner);
    let known = directory
        .iter()
        .any(|known| std::ptr::addr_eq(*known as *const dyn AnyRegistry, registry));
    if !known {
        directory.push(registry);
    }
}

/// Every registry: the root ones, and every other one that holds entries, sorted by name.
///
/// ```
/// let names: Vec<&str> = registry_core::registries().iter().map(|r| r.name()).collect();
/// assert!(names.contains(&"MODELS") && names.contains(&"BACKBONES"));
/// ```
pub fn registries() -> Vec<&'static dyn AnyRegistry> {
    let mut registries = DIRECTORY
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    registries.sort_by_key(|registry| registry.name());
    registries
}

/// The registry called `name`, ignoring case (`models` finds `MODELS`).
pub fn registry(name: &str) -> Option<&'static dyn AnyRegistry> {
    registries()
        .into_iter()
        .find(|registry| registry.name().eq_ignore_ascii_case(name))
}
