//! Hooks, as mmengine's `default_hooks` and `custom_hooks`: the [`HOOKS`] registry. A hook here
//! sets what the runner does around burn-train's loop ([`HookSetup`]): the checkpoints it keeps,
//! how often it logs. mmengine's hooks whose work burn-train already does are registered as
//! no-ops (`ParamSchedulerHook`, `IterTimerHook`, `DistSamplerSeedHook`,
//! `VisualizationHook(enable=False)`).

mod best;
mod builtin;
mod checkpoint;
mod logger;

use std::fmt::Debug;

use anyhow::anyhow;
use registry_core::{BuildContext, KeyPath, Registry, Upcast};
use serde_json::Value;

pub use best::{BestKey, GREATER_KEYS, LESS_KEYS, Rule, SaveBest, infer_rule};
pub use builtin::{DistSamplerSeedHook, IterTimerHook, ParamSchedulerHook, VisualizationHook};
pub use checkpoint::{CheckpointHook, CheckpointPolicy, OneOrMany};
pub use logger::LoggerHook;

/// What the hooks set for a run.
#[derive(Debug, Clone)]
pub struct HookSetup {
    /// Checkpoints: none without a `CheckpointHook`.
    pub checkpoint: Option<CheckpointPolicy>,
    /// Log (and `scalars.json`) every this many iterations.
    pub log_interval: usize,
    /// (key path, what happens instead) of the settings not honoured.
    pub notes: Vec<(String, String)>,
}

impl Default for HookSetup {
    fn default() -> Self {
        Self {
            checkpoint: None,
            log_interval: 10,
            notes: Vec::new(),
        }
    }
}

/// A hook built from a config.
pub trait Hook: Send + Sync + Debug + 'static {
    /// Applies its settings; `path` is its key path, for notes.
    fn apply(&self, setup: &mut HookSetup, path: &KeyPath);
}

impl<T: Hook> Upcast<T> for Box<dyn Hook> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// Hooks for `default_hooks` and `custom_hooks`, as mmengine's `HOOKS`.
pub static HOOKS: Registry<Box<dyn Hook>> = Registry::new("HOOKS");

/// Builds `default_hooks` (a dict of name → hook dict; `None` removes one) and `custom_hooks`
/// (a list), applying each in order; an unknown type is an error naming its key.
pub fn build_hooks(
    default_hooks: Option<&Value>,
    custom_hooks: Option<&Value>,
) -> anyhow::Result<HookSetup> {
    let mut setup = HookSetup::default();
    let mut entries: Vec<(KeyPath, &Value)> = Vec::new();
    if let Some(Value::Object(map)) = default_hooks {
        for (name, hook) in map.iter().filter(|(_, hook)| !hook.is_null()) {
            entries.push((
                KeyPath::root().key("default_hooks").key(name.as_str()),
                hook,
            ));
        }
    }
    match custom_hooks {
        Some(Value::Array(items)) => {
            for (index, hook) in items.iter().enumerate() {
                entries.push((KeyPath::root().key("custom_hooks").index(index), hook));
            }
        }
        None | Some(Value::Null) => {}
        Some(other) => return Err(anyhow!("custom_hooks: expected a list, got {other}")),
    }
    for (path, hook) in entries {
        let built: Box<dyn Hook> = HOOKS
            .build_in(hook, &mut BuildContext::default().at(path.clone()))
            .map_err(|error| anyhow!("{error}"))?;
        built.apply(&mut setup, &path);
    }
    Ok(setup)
}

#[cfg(test)]
mod tests;
