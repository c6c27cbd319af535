//! mmengine's hooks whose work is built into the runner: registered so that configs name them,
//! doing nothing more.

use registry_core::{BuildContext, BuildError, Buildable, KeyPath, register_module};
use serde::Deserialize;

use super::{HOOKS, Hook, HookSetup};

/// No keys.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct NoArgs {}

/// `VisualizationHook`'s keys.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct VisualizationArgs {
    /// Draw predictions: not available (noted if True).
    #[serde(default)]
    pub enable: bool,
}

macro_rules! builtin_hook {
    ($(#[$doc:meta])* $ty:ident, $name:literal) => {
        $(#[$doc])*
        #[register_module(HOOKS, name = $name)]
        #[derive(Debug)]
        pub struct $ty;

        impl Buildable for $ty {
            type Config = NoArgs;
            fn build(_: NoArgs, _: &mut BuildContext) -> Result<Self, BuildError> {
                Ok($ty)
            }
        }

        impl Hook for $ty {
            fn apply(&self, _: &mut HookSetup, _: &KeyPath) {}
        }
    };
}

builtin_hook!(
    /// The learning rate steps every iteration in burn-train's Learner (the `Schedule`).
    ParamSchedulerHook,
    "ParamSchedulerHook"
);
builtin_hook!(
    /// Iteration times (`time`, `data_time`) are always measured (`runner::timing`) and logged.
    IterTimerHook,
    "IterTimerHook"
);
builtin_hook!(
    /// The train dataloader is seeded by `randomness.seed`.
    DistSamplerSeedHook,
    "DistSamplerSeedHook"
);

/// `VisualizationHook(enable=False)`: nothing; `enable=True` is noted (no visualiser).
#[register_module(HOOKS, name = "VisualizationHook")]
#[derive(Debug)]
pub struct VisualizationHook {
    enable: bool,
}

impl Buildable for VisualizationHook {
    type Config = VisualizationArgs;
    fn build(args: VisualizationArgs, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Self {
            enable: args.enable,
        })
    }
}

impl Hook for VisualizationHook {
    fn apply(&self, setup: &mut HookSetup, path: &KeyPath) {
        if self.enable {
            setup.notes.push((
                path.clone().key("enable").to_string(),
                "no visualiser: predictions are not drawn".to_owned(),
            ));
        }
    }
}
