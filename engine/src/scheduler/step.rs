//! `StepLR` and `MultiStepLR`: the rate multiplied by `gamma` at fixed steps.

use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use super::{ParamScheduler, SpanArgs, scheduler_entry};

/// `StepLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct StepArgs {
    /// Steps between decays.
    pub step_size: u64,
    /// The decay factor.
    #[serde(default = "tenth")]
    pub gamma: f64,
}

/// `MultiStepLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct MultiStepArgs {
    /// The steps at which the rate decays.
    pub milestones: Vec<u64>,
    /// The decay factor.
    #[serde(default = "tenth")]
    pub gamma: f64,
}

fn tenth() -> f64 {
    0.1
}

fn check_gamma(gamma: f64, ctx: &BuildContext) -> Result<(), BuildError> {
    match gamma.is_finite() && gamma >= 0.0 {
        true => Ok(()),
        false => Err(ctx.invalid("gamma", format!("expected a factor ≥ 0, got {gamma}"))),
    }
}

scheduler_entry!(
    /// `dict(type='StepLR', step_size=30, gamma=0.1)`: × gamma every `step_size` steps.
    StepLr,
    StepLrConfig,
    "StepLR",
    StepArgs,
    |args: &StepArgs, _: &SpanArgs, ctx: &BuildContext| {
        if args.step_size == 0 {
            return Err(ctx.invalid("step_size", "expected at least 1, got 0"));
        }
        check_gamma(args.gamma, ctx)
    }
);

impl ParamScheduler for StepLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, _len: Option<u64>, scale: u64, _base_lr: f64) -> f64 {
        let step = u128::from(self.args.step_size) * u128::from(scale);
        let decays = u128::from(t) / step;
        self.args.gamma.powf(decays as f64)
    }
}

scheduler_entry!(
    /// `dict(type='MultiStepLR', milestones=[100, 150], gamma=0.1)`: × gamma at each milestone.
    MultiStepLr,
    MultiStepLrConfig,
    "MultiStepLR",
    MultiStepArgs,
    |args: &MultiStepArgs, _: &SpanArgs, ctx: &BuildContext| check_gamma(args.gamma, ctx)
);

impl ParamScheduler for MultiStepLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, _len: Option<u64>, scale: u64, _base_lr: f64) -> f64 {
        let passed = self
            .args
            .milestones
            .iter()
            .filter(|&&milestone| u128::from(t) >= u128::from(milestone) * u128::from(scale))
            .count();
        self.args.gamma.powi(passed as i32)
    }
}
