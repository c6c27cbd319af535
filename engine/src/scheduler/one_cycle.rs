//! `OneCycleLR`: PyTorch's one-cycle policy, as mmengine's `OneCycleLR`.

use std::f64::consts::PI;

use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use super::{ParamScheduler, SpanArgs, scheduler_entry};

/// `OneCycleLR`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct OneCycleArgs {
    /// The peak rate.
    pub eta_max: f64,
    /// The cycle's length [default: `end - begin`].
    #[serde(default)]
    pub total_steps: Option<u64>,
    /// The share of the cycle spent rising.
    #[serde(default = "pct")]
    pub pct_start: f64,
    /// `'cos'` or `'linear'`.
    #[serde(default = "cos")]
    pub anneal_strategy: String,
    /// The start rate is `eta_max / div_factor`.
    #[serde(default = "div")]
    pub div_factor: f64,
    /// The final rate is the start rate / `final_div_factor`.
    #[serde(default = "final_div")]
    pub final_div_factor: f64,
    /// Rise, fall back to the start rate, then fall to the final rate.
    #[serde(default)]
    pub three_phase: bool,
}

fn pct() -> f64 {
    0.3
}
fn cos() -> String {
    "cos".to_owned()
}
fn div() -> f64 {
    25.0
}
fn final_div() -> f64 {
    1e4
}

scheduler_entry!(
    /// `dict(type='OneCycleLR', eta_max=0.1, total_steps=1000, by_epoch=False)`.
    OneCycleLr,
    OneCycleLrConfig,
    "OneCycleLR",
    OneCycleArgs,
    |args: &OneCycleArgs, span: &SpanArgs, ctx: &BuildContext| -> Result<(), BuildError> {
        if !(args.eta_max.is_finite() && args.eta_max > 0.0) {
            return Err(ctx.invalid("eta_max", format!("expected a rate > 0, got {}", args.eta_max)));
        }
        if !(args.pct_start > 0.0 && args.pct_start < 1.0) {
            return Err(ctx.invalid("pct_start", format!("expected 0 < pct_start < 1, got {}", args.pct_start)));
        }
        if !matches!(args.anneal_strategy.as_str(), "cos" | "linear") {
            return Err(ctx.invalid("anneal_strategy", format!("expected 'cos' or 'linear', got '{}'", args.anneal_strategy)));
        }
        for (key, value) in [("div_factor", args.div_factor), ("final_div_factor", args.final_div_factor)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(ctx.invalid(key, format!("expected > 0, got {value}")));
            }
        }
        match (args.total_steps, span.finite_end()) {
            (Some(0), _) => Err(ctx.invalid("total_steps", "expected at least 1, got 0")),
            (None, None) => Err(ctx.invalid("total_steps", "missing (needed when the scheduler has no `end`)")),
            _ => Ok(()),
        }
    }
);

impl OneCycleLr {
    /// The rate at step `t` of a cycle of `total` steps (PyTorch's phases).
    fn rate(&self, t: f64, total: f64) -> f64 {
        let a = &self.args;
        let initial = a.eta_max / a.div_factor;
        let min = initial / a.final_div_factor;
        let rise_end = a.pct_start * total - 1.0;
        let phases: Vec<(f64, f64, f64)> = match a.three_phase {
            false => vec![
                (rise_end, initial, a.eta_max),
                (total - 1.0, a.eta_max, min),
            ],
            true => vec![
                (rise_end, initial, a.eta_max),
                (2.0 * a.pct_start * total - 2.0, a.eta_max, initial),
                (total - 1.0, initial, min),
            ],
        };
        let mut start = 0.0;
        for (index, &(end, from, to)) in phases.iter().enumerate() {
            if t <= end || index == phases.len() - 1 {
                let pct = (t - start) / (end - start);
                return match a.anneal_strategy.as_str() {
                    "linear" => (to - from) * pct + from,
                    _ => to + (from - to) / 2.0 * ((PI * pct).cos() + 1.0),
                };
            }
            start = end;
        }
        min
    }
}

impl ParamScheduler for OneCycleLr {
    fn span(&self) -> &SpanArgs {
        &self.span
    }

    fn factor(&self, t: u64, len: Option<u64>, scale: u64, base_lr: f64) -> f64 {
        let total = match self.args.total_steps {
            Some(steps) => steps as f64 * scale as f64,
            None => len.unwrap_or(1) as f64,
        };
        let t = (t as f64).min(total - 1.0);
        match base_lr > 0.0 {
            true => self.rate(t, total) / base_lr,
            false => 0.0,
        }
    }
}
