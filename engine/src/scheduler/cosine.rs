//! `CosineAnnealingLR` and `CosineRestartLR`: cosine annealing, once or with restarts.

use std::f64::consts::PI;

use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use super::{ParamScheduler, SpanArgs, check_eta_min, min_ratio, scheduler_entry};

/// `CosineAnnealingLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct CosineArgs {
    /// The half-period in steps [default: `end - begin`].
    #[serde(default, rename = "T_max")]
    pub t_max: Option<u64>,
    /// The minimum rate.
    #[serde(default)]
    pub eta_min: Option<f64>,
    /// The minimum as a fraction of the base rate.
    #[serde(default)]
    pub eta_min_ratio: Option<f64>,
}

/// `CosineRestartLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct CosineRestartArgs {
    /// The length of each cycle, in steps.
    pub periods: Vec<u64>,
    /// The peak of each cycle, as a fraction of the base rate [default: all 1].
    #[serde(default)]
    pub restart_weights: Option<Vec<f64>>,
    /// The minimum rate.
    #[serde(default)]
    pub eta_min: Option<f64>,
    /// The minimum as a fraction of the base rate.
    #[serde(default)]
    pub eta_min_ratio: Option<f64>,
}

/// `min + (max - min) · (1 + cos(π·t/period)) / 2`.
fn anneal(min: f64, max: f64, t: f64, period: f64) -> f64 {
    min + (max - min) * (1.0 + (PI * t / period).cos()) / 2.0
}

scheduler_entry!(
    /// `dict(type='CosineAnnealingLR', T_max=100, eta_min=1e-5)`.
    CosineAnnealingLr,
    CosineAnnealingLrConfig,
    "CosineAnnealingLR",
    CosineArgs,
    |args: &CosineArgs, span: &SpanArgs, ctx: &BuildContext| -> Result<(), BuildError> {
        check_eta_min(args.eta_min, args.eta_min_ratio, ctx)?;
        match (args.t_max, span.finite_end()) {
            (Some(0), _) => Err(ctx.invalid("T_max", "expected at least 1, got 0")),
            (None, None) => Err(ctx.invalid("T_max", "missing (needed when the scheduler has no `end`)")),
            _ => Ok(()),
        }
    }
);

impl ParamScheduler for CosineAnnealingLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, len: Option<u64>, scale: u64, base_lr: f64) -> f64 {
        let period = match self.args.t_max {
            Some(t_max) => t_max as f64 * scale as f64,
            None => len.unwrap_or(1) as f64,
        };
        let min = min_ratio(self.args.eta_min, self.args.eta_min_ratio, base_lr);
        anneal(min, 1.0, t as f64, period)
    }
}

scheduler_entry!(
    /// `dict(type='CosineRestartLR', periods=[10, 20], restart_weights=[1, 0.5], eta_min=0)`:
    /// cosine annealing from `base × weight` to the minimum over each period in turn; after the
    /// last period the rate stays.
    CosineRestartLr,
    CosineRestartLrConfig,
    "CosineRestartLR",
    CosineRestartArgs,
    |args: &CosineRestartArgs, _: &SpanArgs, ctx: &BuildContext| -> Result<(), BuildError> {
        check_eta_min(args.eta_min, args.eta_min_ratio, ctx)?;
        if args.periods.is_empty() || args.periods.contains(&0) {
            return Err(ctx.invalid("periods", "expected a non-empty list of periods ≥ 1"));
        }
        if let Some(weights) = &args.restart_weights
            && weights.len() != args.periods.len()
        {
            return Err(ctx.invalid(
                "restart_weights",
                format!("expected {} weights (one per period), got {}", args.periods.len(), weights.len()),
            ));
        }
        Ok(())
    }
);

impl ParamScheduler for CosineRestartLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, _len: Option<u64>, scale: u64, base_lr: f64) -> f64 {
        let periods: Vec<u128> = self
            .args
            .periods
            .iter()
            .map(|&period| u128::from(period) * u128::from(scale))
            .collect();
        let total: u128 = periods.iter().sum();
        let mut t = u128::from(t).min(total - 1);
        let mut index = 0;
        while t >= periods[index] {
            t -= periods[index];
            index += 1;
        }
        let weight = self.args.restart_weights.as_ref().map_or(1.0, |w| w[index]);
        let min = min_ratio(self.args.eta_min, self.args.eta_min_ratio, base_lr);
        anneal(min, weight, t as f64, periods[index] as f64)
    }
}
