//! `RMSprop`: `torch.optim.RMSprop` on burn's `RmsProp`.

use burn::optim::RmsPropConfig;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{OPTIMIZERS, OptimizerSpec, check_lr_decay, l2, optimizer_groups};

/// `RMSprop`'s arguments, PyTorch's defaults.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct RmsPropArgs {
    /// Learning rate.
    #[serde(default = "default_lr")]
    pub lr: f64,
    /// Smoothing constant.
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    /// Added to the denominator.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// L2 penalty.
    #[serde(default)]
    pub weight_decay: f64,
    /// Momentum factor.
    #[serde(default)]
    pub momentum: f64,
    /// Normalise by the gradient's estimated variance.
    #[serde(default)]
    pub centered: bool,
}

fn default_lr() -> f64 {
    1e-2
}
fn default_alpha() -> f64 {
    0.99
}
fn default_eps() -> f64 {
    1e-8
}

/// RMSprop: `dict(type='RMSprop', lr=0.01, alpha=0.9, momentum=0.9, eps=0.0316)`.
#[register_module(OPTIMIZERS, name = "RMSprop")]
#[derive(Debug, Clone)]
pub struct RmsProp {
    args: RmsPropArgs,
}

impl Buildable for RmsProp {
    type Config = RmsPropArgs;

    fn build(args: RmsPropArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        check_lr_decay(args.lr, args.weight_decay, ctx)?;
        if !(0.0..=1.0).contains(&args.alpha) {
            return Err(ctx.invalid(
                "alpha",
                format!("expected 0 ≤ alpha ≤ 1, got {}", args.alpha),
            ));
        }
        if args.momentum.is_nan() || args.momentum < 0.0 {
            return Err(ctx.invalid("momentum", format!("expected ≥ 0, got {}", args.momentum)));
        }
        Ok(Self { args })
    }
}

impl RmsProp {
    fn burn(&self, decay_mult: f64) -> RmsPropConfig {
        RmsPropConfig::new()
            .with_alpha(self.args.alpha as f32)
            .with_epsilon(self.args.eps as f32)
            .with_momentum(self.args.momentum as f32)
            .with_centered(self.args.centered)
            .with_weight_decay(l2(self.args.weight_decay, decay_mult))
    }
}

impl OptimizerSpec for RmsProp {
    fn lr(&self) -> f64 {
        self.args.lr
    }
    optimizer_groups!(RmsProp::burn);
}
