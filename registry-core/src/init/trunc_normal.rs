//! `TruncNormal`: weights drawn from a truncated normal distribution (mmengine's
//! `TruncNormalInit`).

use super::base::{BaseInit, init_config, positive};
use super::context::InitContext;
use super::error::InitError;
use super::sampler::Sampler;
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::ModuleTree;

init_config! {
    /// The config of `TruncNormal`.
    pub struct TruncNormalConfig {
        /// The mean.
        #[serde(default)]
        pub mean: f64,
        /// The standard deviation.
        #[serde(default = "one")]
        pub std: f64,
        /// The lower bound (an absolute value, as PyTorch's `trunc_normal_`).
        #[serde(default = "minus_two")]
        pub a: f64,
        /// The upper bound.
        #[serde(default = "two")]
        pub b: f64,
    }
}

fn one() -> f64 {
    1.0
}

fn minus_two() -> f64 {
    -2.0
}

fn two() -> f64 {
    2.0
}

/// Draws the weights of the matched layers from `N(mean, std²)` restricted to `[a, b]`, and
/// sets their biases to `bias`: `dict(type='TruncNormal', layer='Linear', std=0.02)`.
#[register_module(WEIGHT_INITIALIZERS, name = "TruncNormal")]
#[derive(Debug, Clone)]
pub struct TruncNormalInit {
    base: BaseInit,
    sampler: Sampler,
}

impl Buildable for TruncNormalInit {
    type Config = TruncNormalConfig;

    fn build(config: TruncNormalConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let std = positive(config.std, "std", ctx)?;
        let (a, b) = (config.a, config.b);
        if !(a.is_finite() && b.is_finite() && a < b) {
            return Err(ctx.invalid(
                "b",
                format!("expected finite bounds a < b, got a={a}, b={b}"),
            ));
        }
        Ok(TruncNormalInit {
            base: config.base(ctx)?,
            sampler: Sampler::TruncNormal {
                mean: config.mean,
                std,
                a,
                b,
            },
        })
    }
}

impl WeightInit for TruncNormalInit {
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
