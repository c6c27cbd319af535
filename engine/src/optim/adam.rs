//! `Adam` and `AdamW`: `torch.optim.Adam` (L2 decay) and `AdamW` (decoupled decay) on burn's.

use burn::optim::{AdamConfig, AdamWConfig};
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{OPTIMIZERS, OptimizerSpec, check_lr_decay, l2, optimizer_groups};

/// The arguments of `Adam`/`AdamW`, PyTorch's defaults (`weight_decay`: 0 for Adam, 0.01 for
/// AdamW, filled in at build).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct AdamArgs {
    /// Learning rate.
    #[serde(default = "default_lr")]
    pub lr: f64,
    /// The moments' decay rates.
    #[serde(default = "default_betas")]
    pub betas: (f64, f64),
    /// Added to the denominator.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// Weight decay [default: 0 for Adam, 0.01 for AdamW].
    #[serde(default)]
    pub weight_decay: Option<f64>,
    /// The AMSGrad variant.
    #[serde(default)]
    pub amsgrad: bool,
}

fn default_lr() -> f64 {
    1e-3
}
fn default_betas() -> (f64, f64) {
    (0.9, 0.999)
}
fn default_eps() -> f64 {
    1e-8
}

/// Checks `args`, with `decay` as the default weight decay.
fn check(args: &AdamArgs, decay: f64, ctx: &BuildContext) -> Result<f64, BuildError> {
    let weight_decay = args.weight_decay.unwrap_or(decay);
    check_lr_decay(args.lr, weight_decay, ctx)?;
    let (b1, b2) = args.betas;
    if !((0.0..1.0).contains(&b1) && (0.0..1.0).contains(&b2)) {
        return Err(ctx.invalid(
            "betas",
            format!("expected two numbers in [0, 1), got ({b1}, {b2})"),
        ));
    }
    if !(args.eps.is_finite() && args.eps >= 0.0) {
        return Err(ctx.invalid("eps", format!("expected eps ≥ 0, got {}", args.eps)));
    }
    Ok(weight_decay)
}

/// Adam, weight decay as an L2 penalty: `dict(type='Adam', lr=1e-3)`.
#[register_module(OPTIMIZERS, name = "Adam")]
#[derive(Debug, Clone)]
pub struct Adam {
    args: AdamArgs,
    weight_decay: f64,
}

impl Buildable for Adam {
    type Config = AdamArgs;

    fn build(args: AdamArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let weight_decay = check(&args, 0.0, ctx)?;
        Ok(Self { args, weight_decay })
    }
}

impl Adam {
    fn burn(&self, decay_mult: f64) -> AdamConfig {
        AdamConfig::new()
            .with_beta_1(self.args.betas.0 as f32)
            .with_beta_2(self.args.betas.1 as f32)
            .with_epsilon(self.args.eps as f32)
            .with_amsgrad(self.args.amsgrad)
            .with_weight_decay(l2(self.weight_decay, decay_mult))
    }
}

impl OptimizerSpec for Adam {
    fn lr(&self) -> f64 {
        self.args.lr
    }
    optimizer_groups!(Adam::burn);
}

/// AdamW, decoupled weight decay (default 0.01): `dict(type='AdamW', lr=1e-3, weight_decay=0.05)`.
#[register_module(OPTIMIZERS, name = "AdamW")]
#[derive(Debug, Clone)]
pub struct AdamW {
    args: AdamArgs,
    weight_decay: f64,
}

impl Buildable for AdamW {
    type Config = AdamArgs;

    fn build(args: AdamArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let weight_decay = check(&args, 1e-2, ctx)?;
        Ok(Self { args, weight_decay })
    }
}

impl AdamW {
    fn burn(&self, decay_mult: f64) -> AdamWConfig {
        AdamWConfig::new()
            .with_beta_1(self.args.betas.0 as f32)
            .with_beta_2(self.args.betas.1 as f32)
            .with_epsilon(self.args.eps as f32)
            .with_amsgrad(self.args.amsgrad)
            .with_weight_decay((self.weight_decay * decay_mult) as f32)
    }
}

impl OptimizerSpec for AdamW {
    fn lr(&self) -> f64 {
        self.args.lr
    }
    optimizer_groups!(AdamW::burn);
}
