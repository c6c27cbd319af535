//! `Lamb`: mmpretrain's `Lamb` (timm's) on burn's `Lamb`.

use burn::optim::LambConfig;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{OPTIMIZERS, OptimizerSpec, check_lr_decay, optimizer_groups};

/// `Lamb`'s arguments, mmpretrain's defaults.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct LambArgs {
    /// Learning rate.
    #[serde(default = "default_lr")]
    pub lr: f64,
    /// The moments' decay rates.
    #[serde(default = "default_betas")]
    pub betas: (f64, f64),
    /// Added to the denominator.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// Decoupled weight decay.
    #[serde(default = "default_decay")]
    pub weight_decay: f64,
}

fn default_lr() -> f64 {
    1e-3
}
fn default_betas() -> (f64, f64) {
    (0.9, 0.999)
}
fn default_eps() -> f64 {
    1e-6
}
fn default_decay() -> f64 {
    1e-2
}

/// LAMB, layer-wise trust ratios: `dict(type='Lamb', lr=0.005, weight_decay=0.02)`.
#[register_module(OPTIMIZERS, name = "Lamb")]
#[derive(Debug, Clone)]
pub struct Lamb {
    args: LambArgs,
}

impl Buildable for Lamb {
    type Config = LambArgs;

    fn build(args: LambArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        check_lr_decay(args.lr, args.weight_decay, ctx)?;
        let (b1, b2) = args.betas;
        if !((0.0..1.0).contains(&b1) && (0.0..1.0).contains(&b2)) {
            return Err(ctx.invalid(
                "betas",
                format!("expected two numbers in [0, 1), got ({b1}, {b2})"),
            ));
        }
        Ok(Self { args })
    }
}

impl Lamb {
    fn burn(&self, decay_mult: f64) -> LambConfig {
        LambConfig::new()
            .with_beta_1(self.args.betas.0 as f32)
            .with_beta_2(self.args.betas.1 as f32)
            .with_epsilon(self.args.eps as f32)
            .with_weight_decay((self.args.weight_decay * decay_mult) as f32)
    }
}

impl OptimizerSpec for Lamb {
    fn lr(&self) -> f64 {
        self.args.lr
    }
    optimizer_groups!(Lamb::burn);
}
