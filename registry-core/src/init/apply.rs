//! Applying `init_cfg`s, as mmengine's `initialize` and `BaseModule.init_weights` do.

use burn::module::Module;
use serde_json::{Map, Value};

use super::context::InitContext;
use super::error::InitError;
use super::{Scope, WeightInit};
use crate::error::json_kind;
use crate::{BuildContext, BuildError, WEIGHT_INITIALIZERS};
use checkpoints::{ModuleTree, param_slots};
use config_keypath::KeyPath;

/// One `init_cfg` dict and where it is in the config.
struct Entry<'a> {
    config: &'a Value,
    path: KeyPath,
}

/// The dicts of an `init_cfg` (one dict, or a list), with their paths under `init_cfg`.
fn entries<'a>(init_cfg: &'a Value, ctx: &InitContext) -> Vec<Entry<'a>> {
    let base = ctx.path().clone().key("init_cfg");
    match init_cfg {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, config)| Entry {
                config,
                path: base.clone().index(index),
            })
            .collect(),
        Value::Null => Vec::new(),
        config => vec![Entry { config, path: base }],
    }
}

/// Whether an entry is a `Pretrained` one (applied after the module's children).
fn is_pretrained(config: &Value) -> bool {
    config.get("type").and_then(Value::as_str) == Some("Pretrained")
}

/// Whether `init_cfg` holds a `Pretrained` entry: mmpretrain then skips initialisations meant
/// for training from scratch (such as `zero_init_residual`).
pub fn has_pretrained(init_cfg: Option<&Value>) -> bool {
    match init_cfg {
        Some(Value::Array(items)) => items.iter().any(is_pretrained),
        Some(config) => is_pretrained(config),
        None => false,
    }
}

/// Checks an `init_cfg` when the module is built, so that a bad one fails the build rather
/// than `init_weights` later: null, a dict or a list of dicts, each (without its `override`)
/// an initializer of [`WEIGHT_INITIALIZERS`] with valid arguments. Errors name the key:
///
/// ```
/// use registry_core::BuildContext;
/// use registry_core::init::check_init_cfg;
/// use serde_json::json;
/// # registry_core::link!(registry_core);
///
/// let init_cfg = json!([{"type": "Kaiming", "layer": "Conv2d"}, {"type": "Kaimnig"}]);
/// let error = check_init_cfg(&init_cfg, &mut BuildContext::default()).unwrap_err();
/// assert!(error.to_string().starts_with("init_cfg[1].type: `Kaimnig` is not registered"));
/// ```
pub fn check_init_cfg(init_cfg: &Value, ctx: &mut BuildContext) -> Result<(), BuildError> {
    let check = |config: &Value, ctx: &mut BuildContext| {
        let Value::Object(config) = config else {
            return Err(ctx.invalid_here(format!(
                "expected a dict such as dict(type='Kaiming'), found a {}",
                json_kind(config)
            )));
        };
        let mut own = config.clone();
        own.remove("override");
        WEIGHT_INITIALIZERS
            .build_in(&Value::Object(own), ctx)
            .map(drop)
    };
    ctx.nested("init_cfg", |ctx| match init_cfg {
        Value::Null => Ok(()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(index, config)| ctx.nested(index, |ctx| check(config, ctx))),
        config => check(config, ctx),
    })
}

/// Applies `init_cfg` (a dict, or a list of dicts) to `module`, as mmengine's `initialize`:
/// each dict builds an initializer from [`WEIGHT_INITIALIZERS`] that applies to the layers its
/// `layer` names; then each of its `override` entries (`dict(name='fc', …)`) applies to the
/// child of that name as a whole, with the dict's own arguments when it gives only `name`.
///
/// ```
/// use registry_core::burn::{module::Module, nn::{Linear, LinearConfig}, tensor::Device};
/// use registry_core::init::{InitContext, initialize};
/// use serde_json::json;
/// # registry_core::link!(registry_core);
///
/// #[derive(Module, Debug)]
/// struct Head {
///     fc: Linear,
/// }
///
/// let mut head = Head { fc: LinearConfig::new(4, 2).init(&Device::flex()) };
/// let init_cfg = json!({"type": "Constant", "val": 0.5, "bias": 0.1, "layer": "Linear"});
/// initialize(&mut head, &init_cfg, &mut InitContext::new())?;
/// let weight: Vec<f32> = head.fc.weight.val().into_data().to_vec().unwrap();
/// assert!(weight.iter().all(|&w| w == 0.5));
/// # Ok::<(), registry_core::init::InitError>(())
/// ```
pub fn initialize(
    module: &mut dyn ModuleTree,
    init_cfg: &Value,
    ctx: &mut InitContext,
) -> Result<(), InitError> {
    for entry in entries(init_cfg, ctx) {
        apply(module, &entry, ctx)?;
    }
    Ok(())
}

/// mmengine's `BaseModule.init_weights` for a module with `init_cfg`: its entries other than
/// `Pretrained` first, then `children` (which initialise the module's children), then its
/// `Pretrained` entries, so that loaded weights win.
pub fn init_module<M: Module>(
    module: &mut M,
    init_cfg: Option<&Value>,
    ctx: &mut InitContext,
    children: impl FnOnce(&mut M, &mut InitContext) -> Result<(), InitError>,
) -> Result<(), InitError> {
    let entries = init_cfg.map(|cfg| entries(cfg, ctx)).unwrap_or_default();
    let (pretrained, others): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|entry| is_pretrained(entry.config));
    for entry in &others {
        apply(module, entry, ctx)?;
    }
    children(module, ctx)?;
    for entry in &pretrained {
        apply(module, entry, ctx)?;
    }
    Ok(())
}

/// Builds the initializer of `config` (without its `override`) at `path`.
fn build(config: &Map<String, Value>, path: &KeyPath) -> Result<Box<dyn WeightInit>, InitError> {
    let mut build_ctx = BuildContext::default().at(path.clone());
    Ok(WEIGHT_INITIALIZERS.build_in(&Value::Object(config.clone()), &mut build_ctx)?)
}

/// Applies one `init_cfg` dict and its `override`s.
fn apply(
    module: &mut dyn ModuleTree,
    entry: &Entry,
    ctx: &mut InitContext,
) -> Result<(), InitError> {
    let invalid = |path: KeyPath, message: String| InitError::Invalid { path, message };
    let Value::Object(config) = entry.config else {
        return Err(invalid(
            entry.path.clone(),
            format!(
                "expected a dict such as dict(type='Kaiming'), found a {}",
                json_kind(entry.config)
            ),
        ));
    };
    let mut own = config.clone();
    let overrides = own.remove("override");
    let initializer = build(&own, &entry.path)?;
    at(ctx, &entry.path, |ctx| {
        initializer.init(module, Scope::Layers, ctx)
    })?;

    let base = entry.path.clone().key("override");
    let overrides: Vec<(KeyPath, &Value)> = match &overrides {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (base.clone().index(index), item))
            .collect(),
        Some(item) => vec![(base, item)],
    };
    own.remove("layer");
    for (path, item) in overrides {
        let Value::Object(item) = item else {
            return Err(invalid(
                path,
                "expected a dict such as dict(name='fc', type='Normal')".into(),
            ));
        };
        let mut item = item.clone();
        let Some(Value::String(name)) = item.remove("name") else {
            return Err(invalid(
                path,
                "an `override` must name a child: dict(name='fc', …)".into(),
            ));
        };
        let config = if item.is_empty() {
            own.clone()
        } else if item.contains_key("type") {
            item
        } else {
            return Err(invalid(
                path,
                "an `override` with arguments needs a `type` too".into(),
            ));
        };
        let children: Vec<String> = param_slots(module)
            .into_iter()
            .filter_map(|slot| slot.steps.first().map(|step| step.name.clone()))
            .collect();
        if !children.contains(&name) {
            let mut known = children;
            known.dedup();
            return Err(invalid(
                path,
                format!(
                    "the module has no child `{name}` with parameters; its children are: {}",
                    known.join(", ")
                ),
            ));
        }
        let initializer = build(&config, &path)?;
        at(ctx, &path, |ctx| {
            initializer.init(module, Scope::Child(&name), ctx)
        })?;
    }
    Ok(())
}

/// Runs `f` with the context's path at `path`.
fn at<R>(ctx: &mut InitContext, path: &KeyPath, f: impl FnOnce(&mut InitContext) -> R) -> R {
    let saved = ctx.replace_path(path.clone());
    let result = f(ctx);
    ctx.replace_path(saved);
    result
}
