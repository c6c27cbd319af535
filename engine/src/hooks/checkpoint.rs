//! `CheckpointHook`: which checkpoints a run writes and keeps.

use registry_core::{BuildContext, BuildError, Buildable, KeyPath, register_module};
use serde::Deserialize;

use super::{HOOKS, Hook, HookSetup};

/// `CheckpointHook`'s keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct CheckpointArgs {
    /// Save every this many epochs (or iterations with `by_epoch=False`); -1: only the last.
    #[serde(default = "minus_one")]
    pub interval: i64,
    /// Counts epochs (True) or iterations.
    #[serde(default = "yes")]
    pub by_epoch: bool,
    /// Keep only the newest this many (-1: all).
    #[serde(default = "minus_one")]
    pub max_keep_ckpts: i64,
    /// Also save the last one whatever the interval.
    #[serde(default = "yes")]
    pub save_last: bool,
    /// The metric whose best checkpoint is kept: noted, not honoured.
    #[serde(default)]
    pub save_best: Option<serde_json::Value>,
}

fn minus_one() -> i64 {
    -1
}
fn yes() -> bool {
    true
}

/// The checkpoints to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointPolicy {
    /// Every this many epochs or iterations (`None`: only the last).
    pub interval: Option<u64>,
    /// Whether `interval` counts epochs.
    pub by_epoch: bool,
    /// How many to keep (`None`: all).
    pub max_keep: Option<usize>,
    /// Save the last one.
    pub save_last: bool,
}

/// `dict(type='CheckpointHook', interval=1, max_keep_ckpts=3)`: `epoch_N.bpk`/`iter_N.bpk`
/// (the model) with `.optim.bpk`/`.scheduler.bpk` beside it, and `last_checkpoint`.
#[register_module(HOOKS, name = "CheckpointHook")]
#[derive(Debug)]
pub struct CheckpointHook {
    policy: CheckpointPolicy,
    save_best: bool,
}

impl Buildable for CheckpointHook {
    type Config = CheckpointArgs;
    fn build(args: CheckpointArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let interval = match args.interval {
            -1 => None,
            n if n >= 1 => Some(n as u64),
            n => return Err(ctx.invalid("interval", format!("expected ≥ 1 or -1, got {n}"))),
        };
        let max_keep = match args.max_keep_ckpts {
            n if n < 0 => None,
            0 => return Err(ctx.invalid("max_keep_ckpts", "expected ≥ 1 or -1, got 0")),
            n => Some(n as usize),
        };
        Ok(Self {
            policy: CheckpointPolicy {
                interval,
                by_epoch: args.by_epoch,
                max_keep,
                save_last: args.save_last,
            },
            save_best: args.save_best.is_some_and(|best| !best.is_null()),
        })
    }
}

impl Hook for CheckpointHook {
    fn apply(&self, setup: &mut HookSetup, path: &KeyPath) {
        setup.checkpoint = Some(self.policy.clone());
        if self.save_best {
            setup.notes.push((
                path.clone().key("save_best").to_string(),
                "no best checkpoint is kept apart: checkpoints follow interval and max_keep_ckpts"
                    .to_owned(),
            ));
        }
    }
}
