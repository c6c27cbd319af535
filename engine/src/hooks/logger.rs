//! `LoggerHook`: how often the progress lines and `vis_data/scalars.json` are written.

use registry_core::{BuildContext, BuildError, Buildable, KeyPath, register_module};
use serde::Deserialize;

use super::{HOOKS, Hook, HookSetup};

/// `LoggerHook`'s keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct LoggerArgs {
    /// Log every this many iterations.
    #[serde(default = "ten")]
    pub interval: usize,
}

fn ten() -> usize {
    10
}

/// `dict(type='LoggerHook', interval=100)`: a line on stderr and a JSON line in
/// `work_dir/<timestamp>/vis_data/scalars.json` every `interval` iterations, as mmengine.
#[register_module(HOOKS, name = "LoggerHook")]
#[derive(Debug)]
pub struct LoggerHook {
    interval: usize,
}

impl Buildable for LoggerHook {
    type Config = LoggerArgs;
    fn build(args: LoggerArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if args.interval == 0 {
            return Err(ctx.invalid("interval", "expected at least 1, got 0"));
        }
        Ok(Self {
            interval: args.interval,
        })
    }
}

impl Hook for LoggerHook {
    fn apply(&self, setup: &mut HookSetup, _: &KeyPath) {
        setup.log_interval = self.interval;
    }
}
