//! `Constant`: weights set to one value (mmengine's `ConstantInit`).

use super::base::{BaseInit, init_config};
use super::context::InitContext;
use super::error::InitError;
use super::sampler::Sampler;
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::ModuleTree;

init_config! {
    /// The config of `Constant`.
    pub struct ConstantConfig {
        /// The weights' value.
        pub val: f64,
    }
}

/// Sets the weights of the matched layers to `val` and their biases to `bias`:
/// `dict(type='Constant', val=1, layer=['_BatchNorm', 'GroupNorm'])`.
#[register_module(WEIGHT_INITIALIZERS, name = "Constant")]
#[derive(Debug, Clone)]
pub struct ConstantInit {
    base: BaseInit,
    val: f64,
}

impl Buildable for ConstantInit {
    type Config = ConstantConfig;

    fn build(config: ConstantConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if !config.val.is_finite() {
            return Err(ctx.invalid(
                "val",
                format!("expected a finite value, got {}", config.val),
            ));
        }
        Ok(ConstantInit {
            base: config.base(ctx)?,
            val: config.val,
        })
    }
}

impl WeightInit for ConstantInit {
    fn init(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &mut InitContext,
    ) -> Result<(), InitError> {
        let val = self.val;
        self.base
            .fill(module, scope, ctx, &|_| Ok(Sampler::Constant(val)))
    }
}
