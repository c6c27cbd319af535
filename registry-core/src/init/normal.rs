//! `Normal`: weights drawn from a normal distribution (mmengine's `NormalInit`).

use super::base::{BaseInit, init_config, positive};
use super::context::InitContext;
use super::error::InitError;
use super::sampler::Sampler;
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::ModuleTree;

init_config! {
    /// The config of `Normal`.
    pub struct NormalConfig {
        /// The mean.
        #[serde(default)]
        pub mean: f64,
        /// The standard deviation.
        #[serde(default = "one")]
        pub std: f64,
    }
}

fn one() -> f64 {
    1.0
}

/// Draws the weights of the matched layers from `N(mean, std²)` and sets their biases to
/// `bias`: `dict(type='Normal', layer='Linear', std=0.01)`.
#[register_module(WEIGHT_INITIALIZERS, name = "Normal")]
#[derive(Debug, Clone)]
pub struct NormalInit {
    base: BaseInit,
    sampler: Sampler,
}

impl Buildable for NormalInit {
    type Config = NormalConfig;

    fn build(config: NormalConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let std = positive(config.std, "std", ctx)?;
        Ok(NormalInit {
            base: config.base(ctx)?,
            sampler: Sampler::Normal {
                mean: config.mean,
                std,
            },
        })
    }
}

impl WeightInit for NormalInit {
    fn init(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &mut InitContext,
    ) -> Result<(), InitError> {
        let sampler = self.sampler;
        self.base.fill(module, scope, ctx, &|_| Ok(sampler))
    }
}
