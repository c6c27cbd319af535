//! `SGD`: `torch.optim.SGD` on burn's `Sgd`.

use burn::optim::SgdConfig;
use burn::optim::momentum::MomentumConfig;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{OPTIMIZERS, OptimizerSpec, check_lr_decay, l2, optimizer_groups};

/// `SGD`'s arguments, PyTorch's defaults.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct SgdArgs {
    /// Learning rate.
    #[serde(default = "default_lr")]
    pub lr: f64,
    /// Momentum factor (0: none).
    #[serde(default)]
    pub momentum: f64,
    /// Dampening of the momentum.
    #[serde(default)]
    pub dampening: f64,
    /// L2 penalty added to the gradient.
    #[serde(default)]
    pub weight_decay: f64,
    /// Nesterov momentum.
    #[serde(default)]
    pub nesterov: bool,
}

fn default_lr() -> f64 {
    1e-3
}

/// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay:
/// `dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4)`.
#[register_module(OPTIMIZERS, name = "SGD")]
#[derive(Debug, Clone)]
pub struct Sgd {
    config: SgdArgs,
}

impl Buildable for Sgd {
    type Config = SgdArgs;

    fn build(config: SgdArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        check_lr_decay(config.lr, config.weight_decay, ctx)?;
        if !(config.momentum >= 0.0 && config.dampening >= 0.0) {
            return Err(ctx.invalid("momentum", "momentum and dampening must be ≥ 0"));
        }
        if config.nesterov && (config.momentum == 0.0 || config.dampening != 0.0) {
            return Err(ctx.invalid(
                "nesterov",
                "Nesterov momentum requires a momentum and zero dampening",
            ));
        }
        Ok(Self { config })
    }
}

impl Sgd {
    fn burn(&self, decay_mult: f64) -> SgdConfig {
        let c = &self.config;
        SgdConfig::new()
            .with_momentum((c.momentum > 0.0).then_some(MomentumConfig {
                momentum: c.momentum,
                dampening: c.dampening,
                nesterov: c.nesterov,
            }))
            .with_weight_decay(l2(c.weight_decay, decay_mult))
    }
}

impl OptimizerSpec for Sgd {
    fn lr(&self) -> f64 {
        self.config.lr
    }
    optimizer_groups!(Sgd::burn);
}
