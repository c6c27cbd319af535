//! `PolyLR` and `ExponentialLR`: polynomial and exponential decay.

use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use super::{ParamScheduler, SpanArgs, scheduler_entry};

/// `PolyLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct PolyArgs {
    /// The rate reached at `end - 1`.
    #[serde(default)]
    pub eta_min: f64,
    /// The polynomial's power.
    #[serde(default = "one")]
    pub power: f64,
}

/// `ExponentialLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct ExponentialArgs {
    /// The decay per step.
    pub gamma: f64,
}

fn one() -> f64 {
    1.0
}

scheduler_entry!(
    /// `dict(type='PolyLR', eta_min=0, power=1.0, begin=0, end=100)`: mmengine's closed form
    /// `eta_min + (base - eta_min) · (1 - min(t, T)/T)^power`, `T = end - begin - 1`.
    PolyLr,
    PolyLrConfig,
    "PolyLR",
    PolyArgs,
    |args: &PolyArgs, span: &SpanArgs, ctx: &BuildContext| -> Result<(), BuildError> {
        if !(args.eta_min.is_finite() && args.eta_min >= 0.0) {
            return Err(ctx.invalid("eta_min", format!("expected ≥ 0, got {}", args.eta_min)));
        }
        if !(args.power.is_finite() && args.power >= 0.0) {
            return Err(ctx.invalid("power", format!("expected ≥ 0, got {}", args.power)));
        }
        if span.finite_end().is_none() {
            return Err(ctx.invalid("end", "PolyLR needs a finite `end` (its total_iters)"));
        }
        Ok(())
    }
);

impl ParamScheduler for PolyLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, len: Option<u64>, _scale: u64, base_lr: f64) -> f64 {
        let total = len.map_or(f64::INFINITY, |len| len.saturating_sub(1) as f64);
        let min = if base_lr > 0.0 {
            self.args.eta_min / base_lr
        } else {
            0.0
        };
        if total == 0.0 {
            return min;
        }
        let remaining = 1.0 - (t as f64).min(total) / total;
        min + (1.0 - min) * remaining.powf(self.args.power)
    }
}

scheduler_entry!(
    /// `dict(type='ExponentialLR', gamma=0.97)`: × gamma every step (every iteration,
    /// `gamma^(1/epoch length)`, when converted to iterations).
    ExponentialLr,
    ExponentialLrConfig,
    "ExponentialLR",
    ExponentialArgs,
    |args: &ExponentialArgs, _: &SpanArgs, ctx: &BuildContext| {
        match args.gamma.is_finite() && args.gamma > 0.0 {
            true => Ok(()),
            false => Err(ctx.invalid("gamma", format!("expected a factor > 0, got {}", args.gamma))),
        }
    }
);

impl ParamScheduler for ExponentialLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, _len: Option<u64>, scale: u64, _base_lr: f64) -> f64 {
        self.args.gamma.powf(t as f64 / scale as f64)
    }
}
