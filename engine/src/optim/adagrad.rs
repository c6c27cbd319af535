//! `Adagrad`: `torch.optim.Adagrad` on burn's `AdaGrad`.

use burn::optim::AdaGradConfig;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{OPTIMIZERS, OptimizerSpec, check_lr_decay, l2, optimizer_groups};

/// `Adagrad`'s arguments, PyTorch's defaults.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct AdagradArgs {
    /// Learning rate.
    #[serde(default = "default_lr")]
    pub lr: f64,
    /// Learning-rate decay.
    #[serde(default)]
    pub lr_decay: f64,
    /// L2 penalty.
    #[serde(default)]
    pub weight_decay: f64,
    /// Added to the denominator.
    #[serde(default = "default_eps")]
    pub eps: f64,
}

fn default_lr() -> f64 {
    1e-2
}
fn default_eps() -> f64 {
    1e-10
}

/// Adagrad: `dict(type='Adagrad', lr=0.01)`.
#[register_module(OPTIMIZERS, name = "Adagrad")]
#[derive(Debug, Clone)]
pub struct Adagrad {
    args: AdagradArgs,
}

impl Buildable for Adagrad {
    type Config = AdagradArgs;

    fn build(args: AdagradArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        check_lr_decay(args.lr, args.weight_decay, ctx)?;
        if args.lr_decay.is_nan() || args.lr_decay < 0.0 {
            return Err(ctx.invalid("lr_decay", format!("expected ≥ 0, got {}", args.lr_decay)));
        }
        Ok(Self { args })
    }
}

impl Adagrad {
    fn burn(&self, decay_mult: f64) -> AdaGradConfig {
        AdaGradConfig::new()
            .with_lr_decay(self.args.lr_decay)
            .with_epsilon(self.args.eps as f32)
            .with_weight_decay(l2(self.args.weight_decay, decay_mult))
    }
}

impl OptimizerSpec for Adagrad {
    fn lr(&self) -> f64 {
        self.args.lr
    }
    optimizer_groups!(Adagrad::burn);
}
