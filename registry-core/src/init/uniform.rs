//! `Uniform`: weights drawn from a uniform distribution (mmengine's `UniformInit`).

use super::base::{BaseInit, init_config};
use super::context::InitContext;
use super::error::InitError;
use super::sampler::Sampler;
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::ModuleTree;

init_config! {
    /// The config of `Uniform`.
    pub struct UniformConfig {
        /// The lower bound.
        #[serde(default)]
        pub a: f64,
        /// The upper bound.
        #[serde(default = "one")]
        pub b: f64,
    }
}

fn one() -> f64 {
    1.0
}

/// Draws the weights of the matched layers from `U(a, b)` and sets their biases to `bias`.
#[register_module(WEIGHT_INITIALIZERS, name = "Uniform")]
#[derive(Debug, Clone)]
pub struct UniformInit {
    base: BaseInit,
    sampler: Sampler,
}

impl Buildable for UniformInit {
    type Config = UniformConfig;

    fn build(config: UniformConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let (a, b) = (config.a, config.b);
        if !(a.is_finite() && b.is_finite() && a < b) {
            return Err(ctx.invalid(
                "b",
                format!("expected finite bounds a < b, got a={a}, b={b}"),
            ));
        }
        Ok(UniformInit {
            base: config.base(ctx)?,
            sampler: Sampler::Uniform { low: a, high: b },
        })
    }
}

impl WeightInit for UniformInit {
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
