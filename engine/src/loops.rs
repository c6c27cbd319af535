//! The loops of a run, as mmengine's `train_cfg`/`val_cfg`/`test_cfg`: the [`LOOPS`] registry
//! (`EpochBasedTrainLoop`, `IterBasedTrainLoop`, `ValLoop`, `TestLoop`) and the `by_epoch`
//! shorthand. Training runs on burn-train's epochs: an iteration-based loop is cut into
//! epochs of `val_interval` iterations (see [`IterationChunks`](crate::data::IterationChunks)).

use std::fmt::Debug;

use anyhow::anyhow;
use registry_core::{
    BuildContext, BuildError, Buildable, KeyPath, Registry, Upcast, register_module,
};
use serde::Deserialize;
use serde_json::Value;

/// What a loop config asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopPlan {
    /// `max_epochs` epochs; validation from epoch `val_begin`, every `val_interval`.
    Epochs {
        max_epochs: usize,
        val_begin: usize,
        val_interval: usize,
    },
    /// `max_iters` iterations; validation every `val_interval` iterations from `val_begin`.
    Iters {
        max_iters: usize,
        val_begin: usize,
        val_interval: usize,
    },
    /// Validation or testing over the whole split.
    Eval,
}

/// A loop built from a config.
pub trait LoopSpec: Send + Sync + Debug + 'static {
    /// What it asks for.
    fn plan(&self) -> LoopPlan;
}

impl<T: LoopSpec> Upcast<T> for Box<dyn LoopSpec> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// Loops for `train_cfg`, `val_cfg`, `test_cfg`, as mmengine's `LOOPS`.
pub static LOOPS: Registry<Box<dyn LoopSpec>> = Registry::new("LOOPS");

/// `EpochBasedTrainLoop`'s keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct EpochArgs {
    /// Epochs to train.
    pub max_epochs: usize,
    /// The first epoch that validates.
    #[serde(default = "one")]
    pub val_begin: usize,
    /// Validate every this many epochs.
    #[serde(default = "one")]
    pub val_interval: usize,
}

/// `IterBasedTrainLoop`'s keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct IterArgs {
    /// Iterations to train.
    pub max_iters: usize,
    /// The first iteration that validates.
    #[serde(default = "one")]
    pub val_begin: usize,
    /// Validate every this many iterations.
    #[serde(default = "thousand")]
    pub val_interval: usize,
}

/// `ValLoop`'s and `TestLoop`'s keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct EvalArgs {
    /// Half precision: not available (an error if True).
    #[serde(default)]
    pub fp16: bool,
}

fn one() -> usize {
    1
}
fn thousand() -> usize {
    1000
}

fn positive(key: &str, value: usize, ctx: &BuildContext) -> Result<(), BuildError> {
    match value {
        0 => Err(ctx.invalid(key, "expected at least 1, got 0")),
        _ => Ok(()),
    }
}

/// `dict(type='EpochBasedTrainLoop', max_epochs=200, val_interval=1)`.
#[register_module(LOOPS, name = "EpochBasedTrainLoop")]
#[derive(Debug)]
pub struct EpochBasedTrainLoop(LoopPlan);

impl Buildable for EpochBasedTrainLoop {
    type Config = EpochArgs;
    fn build(a: EpochArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        positive("max_epochs", a.max_epochs, ctx)?;
        positive("val_interval", a.val_interval, ctx)?;
        Ok(Self(LoopPlan::Epochs {
            max_epochs: a.max_epochs,
            val_begin: a.val_begin,
            val_interval: a.val_interval,
        }))
    }
}

/// `dict(type='IterBasedTrainLoop', max_iters=10000, val_interval=1000)`.
#[register_module(LOOPS, name = "IterBasedTrainLoop")]
#[derive(Debug)]
pub struct IterBasedTrainLoop(LoopPlan);

impl Buildable for IterBasedTrainLoop {
    type Config = IterArgs;
    fn build(a: IterArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        positive("max_iters", a.max_iters, ctx)?;
        positive("val_interval", a.val_interval, ctx)?;
        Ok(Self(LoopPlan::Iters {
            max_iters: a.max_iters,
            val_begin: a.val_begin,
            val_interval: a.val_interval,
        }))
    }
}

/// `dict(type='ValLoop')`.
#[register_module(LOOPS, name = "ValLoop")]
#[derive(Debug)]
pub struct ValLoop;

/// `dict(type='TestLoop')`.
#[register_module(LOOPS, name = "TestLoop")]
#[derive(Debug)]
pub struct TestLoop;

macro_rules! eval_loop {
    ($ty:ident) => {
        impl Buildable for $ty {
            type Config = EvalArgs;
            fn build(a: EvalArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
                match a.fp16 {
                    true => Err(ctx.invalid(
                        "fp16",
                        "half precision is not available on the Flex backend",
                    )),
                    false => Ok($ty),
                }
            }
        }
        impl LoopSpec for $ty {
            fn plan(&self) -> LoopPlan {
                LoopPlan::Eval
            }
        }
    };
}
eval_loop!(ValLoop);
eval_loop!(TestLoop);

impl LoopSpec for EpochBasedTrainLoop {
    fn plan(&self) -> LoopPlan {
        self.0
    }
}

impl LoopSpec for IterBasedTrainLoop {
    fn plan(&self) -> LoopPlan {
        self.0
    }
}

/// The loop of `config[key]` (`train_cfg`, `val_cfg`, `test_cfg`), `default_type` when it has
/// no `type`; `by_epoch=True/False` picks the epoch or iteration train loop, as mmengine.
pub fn build_loop(config: &Value, key: &str, default_type: &str) -> anyhow::Result<LoopPlan> {
    let mut config = match config {
        Value::Object(map) => map.clone(),
        Value::Null => Default::default(),
        other => return Err(anyhow!("{key}: expected a dict, got {other}")),
    };
    if !config.contains_key("type") {
        let by_epoch = config
            .remove("by_epoch")
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        let kind = match (default_type, by_epoch) {
            ("EpochBasedTrainLoop", false) => "IterBasedTrainLoop",
            (kind, _) => kind,
        };
        config.insert("type".to_owned(), Value::from(kind));
    }
    let mut ctx = BuildContext::default().at(KeyPath::root().key(key));
    let built: Box<dyn LoopSpec> = LOOPS
        .build_in(&Value::Object(config), &mut ctx)
        .map_err(|error| anyhow!("{error}"))?;
    Ok(built.plan())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn shorthand_and_types() {
        assert_eq!(
            build_loop(
                &json!({"by_epoch": true, "max_epochs": 3, "val_interval": 2}),
                "train_cfg",
                "EpochBasedTrainLoop"
            )
            .unwrap(),
            LoopPlan::Epochs {
                max_epochs: 3,
                val_begin: 1,
                val_interval: 2
            }
        );
        assert_eq!(
            build_loop(
                &json!({"by_epoch": false, "max_iters": 10}),
                "train_cfg",
                "EpochBasedTrainLoop"
            )
            .unwrap(),
            LoopPlan::Iters {
                max_iters: 10,
                val_begin: 1,
                val_interval: 1000
            }
        );
        assert_eq!(
            build_loop(&json!({}), "val_cfg", "ValLoop").unwrap(),
            LoopPlan::Eval
        );
        let error = build_loop(
            &json!({"max_epochs": 0}),
            "train_cfg",
            "EpochBasedTrainLoop",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "train_cfg.max_epochs: expected at least 1, got 0 (in EpochBasedTrainLoop)"
        );
    }
}
