//! Learning-rate schedules, as mmengine's `param_scheduler`: the [`PARAM_SCHEDULERS`] registry
//! and [`Schedule`], the burn-optim `LrScheduler` that chains them.
//!
//! Every entry takes mmengine's `begin`, `end`, `by_epoch` (default True) and
//! `convert_to_iter_based`. A `by_epoch` scheduler changes the rate once per epoch (of the real
//! train dataloader's length), or every iteration with `convert_to_iter_based=True`, its
//! step-valued arguments then multiplied by the epoch length, as mmengine.
//!
//! | `type` | arguments (mmengine's defaults) |
//! |---|---|
//! | `StepLR` | `step_size`, `gamma=0.1` |
//! | `MultiStepLR` | `milestones`, `gamma=0.1` |
//! | `LinearLR` | `start_factor=1/3`, `end_factor=1.0` |
//! | `ConstantLR` | `factor=1/3` |
//! | `ExponentialLR` | `gamma` |
//! | `CosineAnnealingLR` | `T_max=end-begin`, `eta_min`/`eta_min_ratio` |
//! | `PolyLR` | `eta_min=0`, `power=1` |
//! | `OneCycleLR` | `eta_max`, `total_steps=end-begin`, `pct_start=0.3`, `anneal_strategy='cos'`, `div_factor=25`, `final_div_factor=1e4`, `three_phase=False` |
//! | `CosineRestartLR` | `periods`, `restart_weights=[1,…]`, `eta_min`/`eta_min_ratio` |

mod cosine;
mod linear;
mod one_cycle;
mod poly;
mod schedule;
mod step;

use std::fmt::Debug;

use registry_core::{Registry, Upcast};
use serde::Deserialize;

pub use cosine::{CosineAnnealingLr, CosineRestartLr};
pub use linear::{ConstantLr, LinearLr};
pub use one_cycle::OneCycleLr;
pub use poly::{ExponentialLr, PolyLr};
pub use schedule::{Schedule, ScheduleError};
pub use step::{MultiStepLr, StepLr};

/// mmengine's `INF`: an `end` this large (or absent) never ends.
pub const INF: u64 = i64::MAX as u64;

/// The keys every scheduler takes.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct SpanArgs {
    /// The first step (epoch or iteration) the scheduler acts on.
    #[serde(default)]
    pub begin: u64,
    /// The step it stops at (exclusive); absent: never.
    #[serde(default)]
    pub end: Option<u64>,
    /// Steps count epochs (True) or iterations (False).
    #[serde(default = "yes")]
    pub by_epoch: bool,
    /// With `by_epoch`: change the rate every iteration, steps × epoch length.
    #[serde(default)]
    pub convert_to_iter_based: bool,
}

fn yes() -> bool {
    true
}

impl SpanArgs {
    /// The end, `None` for an endless scheduler.
    pub fn finite_end(&self) -> Option<u64> {
        self.end.filter(|&end| end < INF)
    }
}

/// One scheduler of `param_scheduler`: the factor it applies to the base learning rate.
pub trait ParamScheduler: Send + Sync + Debug + 'static {
    /// Its `begin`, `end`, `by_epoch`, `convert_to_iter_based`.
    fn span(&self) -> &SpanArgs;

    /// The factor of the base rate `base_lr` at step `t` after `begin`, `len` steps long
    /// (`None`: endless), its step-valued arguments multiplied by `scale` (the epoch length
    /// when converted to iterations, else 1).
    fn factor(&self, t: u64, len: Option<u64>, scale: u64, base_lr: f64) -> f64;
}

impl<T: ParamScheduler> Upcast<T> for Box<dyn ParamScheduler> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// Learning-rate schedulers for `param_scheduler`, as mmengine's `PARAM_SCHEDULERS`.
pub static PARAM_SCHEDULERS: Registry<Box<dyn ParamScheduler>> = Registry::new("PARAM_SCHEDULERS");

/// `eta_min` or `eta_min_ratio` (not both) as a fraction of `base_lr`.
fn min_ratio(eta_min: Option<f64>, eta_min_ratio: Option<f64>, base_lr: f64) -> f64 {
    match (eta_min, eta_min_ratio) {
        (_, Some(ratio)) => ratio,
        (Some(eta_min), None) if base_lr > 0.0 => eta_min / base_lr,
        _ => 0.0,
    }
}

/// Checks `eta_min`/`eta_min_ratio` as mmengine: not both, each ≥ 0.
fn check_eta_min(
    eta_min: Option<f64>,
    eta_min_ratio: Option<f64>,
    ctx: &registry_core::BuildContext,
) -> Result<(), registry_core::BuildError> {
    if eta_min.is_some() && eta_min_ratio.is_some() {
        return Err(ctx.invalid(
            "eta_min_ratio",
            "give either `eta_min` or `eta_min_ratio`, not both",
        ));
    }
    for (key, value) in [("eta_min", eta_min), ("eta_min_ratio", eta_min_ratio)] {
        if let Some(value) = value
            && !(value.is_finite() && value >= 0.0)
        {
            return Err(ctx.invalid(key, format!("expected a number ≥ 0, got {value}")));
        }
    }
    Ok(())
}

/// Declares a scheduler entry: its args struct (with the span flattened in), the registered
/// type, and its `Buildable` calling `$check(&args, ctx)`.
macro_rules! scheduler_entry {
    ($(#[$doc:meta])* $ty:ident, $config:ident, $name:literal, $args:ident, $check:expr) => {
        $(#[$doc])*
        #[registry_core::register_module(super::PARAM_SCHEDULERS, name = $name)]
        #[derive(Debug, Clone)]
        pub struct $ty {
            span: super::SpanArgs,
            args: $args,
        }

        /// The config: mmengine's arguments and the span keys.
        #[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
        pub struct $config {
            #[serde(flatten)]
            span: super::SpanArgs,
            #[serde(flatten)]
            args: $args,
        }

        impl registry_core::Buildable for $ty {
            type Config = $config;

            fn build(
                config: $config,
                ctx: &mut registry_core::BuildContext,
            ) -> Result<Self, registry_core::BuildError> {
                ($check)(&config.args, &config.span, &*ctx)?;
                Ok(Self {
                    span: config.span,
                    args: config.args,
                })
            }
        }
    };
}
use scheduler_entry;

#[cfg(test)]
mod tests;
