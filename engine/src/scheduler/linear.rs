//! `LinearLR` and `ConstantLR`: warm-up shapes over `total_iters = end - begin - 1` steps.

use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use super::{ParamScheduler, SpanArgs, scheduler_entry};

/// `LinearLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct LinearArgs {
    /// The factor at `begin`.
    #[serde(default = "third")]
    pub start_factor: f64,
    /// The factor from `end - 1` on.
    #[serde(default = "one")]
    pub end_factor: f64,
}

/// `ConstantLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct ConstantArgs {
    /// The factor until `end - 1`.
    #[serde(default = "third")]
    pub factor: f64,
}

fn third() -> f64 {
    1.0 / 3.0
}
fn one() -> f64 {
    1.0
}

fn check_unit(key: &str, value: f64, ctx: &BuildContext) -> Result<(), BuildError> {
    match (0.0..=1.0).contains(&value) {
        true => Ok(()),
        false => Err(ctx.invalid(key, format!("expected a factor in [0, 1], got {value}"))),
    }
}

/// mmengine's `total_iters`: `end - begin - 1` steps (`len - 1`); endless: as good as never.
fn total_iters(len: Option<u64>) -> f64 {
    len.map_or(f64::INFINITY, |len| len.saturating_sub(1) as f64)
}

scheduler_entry!(
    /// `dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500)`: the
    /// factor goes linearly from `start_factor` to `end_factor`.
    LinearLr,
    LinearLrConfig,
    "LinearLR",
    LinearArgs,
    |args: &LinearArgs, _: &SpanArgs, ctx: &BuildContext| {
        check_unit("start_factor", args.start_factor, ctx)?;
        check_unit("end_factor", args.end_factor, ctx)
    }
);

impl ParamScheduler for LinearLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, len: Option<u64>, _scale: u64, _base_lr: f64) -> f64 {
        let total = total_iters(len);
        if total == 0.0 || total.is_infinite() {
            return self.args.start_factor;
        }
        let progress = (t as f64).min(total) / total;
        self.args.start_factor + (self.args.end_factor - self.args.start_factor) * progress
    }
}

scheduler_entry!(
    /// `dict(type='ConstantLR', factor=0.5, end=5)`: the rate × `factor` until `end - 1`.
    ConstantLr,
    ConstantLrConfig,
    "ConstantLR",
    ConstantArgs,
    |args: &ConstantArgs, _: &SpanArgs, ctx: &BuildContext| check_unit("factor", args.factor, ctx)
);

impl ParamScheduler for ConstantLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, len: Option<u64>, _scale: u64, _base_lr: f64) -> f64 {
        match (t as f64) < total_iters(len) {
            true => self.args.factor,
            false => 1.0,
        }
    }
}
