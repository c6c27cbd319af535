//! `Xavier`: Glorot initialisation (mmengine's `XavierInit`).

use super::base::{BaseInit, init_config, positive};
use super::context::InitContext;
use super::error::InitError;
use super::fan::{ScaledDistribution, fans};
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::ModuleTree;

init_config! {
    /// The config of `Xavier`, mmengine's defaults.
    pub struct XavierConfig {
        /// The scaling factor.
        #[serde(default = "one")]
        pub gain: f64,
        /// `normal` or `uniform`.
        #[serde(default = "normal")]
        pub distribution: ScaledDistribution,
    }
}

fn one() -> f64 {
    1.0
}

fn normal() -> ScaledDistribution {
    ScaledDistribution::Normal
}

/// Draws the weights of the matched layers with standard deviation
/// `gain · √(2 / (fan_in + fan_out))` (PyTorch's `xavier_normal_` / `xavier_uniform_`) and
/// sets their biases to `bias`.
#[register_module(WEIGHT_INITIALIZERS, name = "Xavier")]
#[derive(Debug, Clone)]
pub struct XavierInit {
    base: BaseInit,
    gain: f64,
    distribution: ScaledDistribution,
}

impl Buildable for XavierInit {
    type Config = XavierConfig;

    fn build(config: XavierConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(XavierInit {
            base: config.base(ctx)?,
            gain: positive(config.gain, "gain", ctx)?,
            distribution: config.distribution,
        })
    }
}

impl WeightInit for XavierInit {
    fn init(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &mut InitContext,
    ) -> Result<(), InitError> {
        self.base.fill(module, scope, ctx, &|slot| {
            let (fan_in, fan_out) = fans(&slot.shape, slot.layer())?;
            Ok(self
                .distribution
                .sampler(self.gain * (2.0 / (fan_in + fan_out)).sqrt()))
        })
    }
}
