//! `Kaiming`: He initialisation (mmengine's `KaimingInit`).

use super::base::{BaseInit, init_config};
use super::context::InitContext;
use super::error::InitError;
use super::fan::{FanMode, ScaledDistribution, fans, gain};
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::ModuleTree;

init_config! {
    /// The config of `Kaiming`, mmengine's defaults.
    pub struct KaimingConfig {
        /// The negative slope of a `leaky_relu` nonlinearity.
        #[serde(default)]
        pub a: f64,
        /// `fan_in` or `fan_out`.
        #[serde(default = "fan_out")]
        pub mode: FanMode,
        /// The nonlinearity whose gain scales the weights (`relu`, `leaky_relu`, `tanh`, …).
        #[serde(default = "relu")]
        pub nonlinearity: String,
        /// `normal` or `uniform`.
        #[serde(default = "normal")]
        pub distribution: ScaledDistribution,
    }
}

fn fan_out() -> FanMode {
    FanMode::FanOut
}

fn relu() -> String {
    "relu".into()
}

fn normal() -> ScaledDistribution {
    ScaledDistribution::Normal
}

/// Draws the weights of the matched layers with standard deviation `gain / √fan` (PyTorch's
/// `kaiming_normal_` / `kaiming_uniform_`) and sets their biases to `bias`:
/// `dict(type='Kaiming', layer='Conv2d', mode='fan_out', nonlinearity='relu')`, what
/// torchvision and mmpretrain give ResNet convolutions.
#[register_module(WEIGHT_INITIALIZERS, name = "Kaiming")]
#[derive(Debug, Clone)]
pub struct KaimingInit {
    base: BaseInit,
    gain: f64,
    mode: FanMode,
    distribution: ScaledDistribution,
}

impl Buildable for KaimingInit {
    type Config = KaimingConfig;

    fn build(config: KaimingConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let gain = gain(&config.nonlinearity, config.a)
            .map_err(|message| ctx.invalid("nonlinearity", message))?;
        Ok(KaimingInit {
            base: config.base(ctx)?,
            gain,
            mode: config.mode,
            distribution: config.distribution,
        })
    }
}

impl WeightInit for KaimingInit {
    fn init(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &mut InitContext,
    ) -> Result<(), InitError> {
        self.base.fill(module, scope, ctx, &|slot| {
            let (fan_in, fan_out) = fans(&slot.shape, slot.layer())?;
            let fan = match self.mode {
                FanMode::FanIn => fan_in,
                FanMode::FanOut => fan_out,
            };
            Ok(self.distribution.sampler(self.gain / fan.sqrt()))
        })
    }
}
