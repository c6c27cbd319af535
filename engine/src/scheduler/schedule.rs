//! [`Schedule`]: the schedulers of `param_scheduler` chained into one burn-optim
//! `LrScheduler`, counting iterations; its record is the iteration, so a resumed run continues
//! the schedule exactly.

use std::sync::Arc;

use anyhow::anyhow;
use burn::lr_scheduler::{LrScheduler, LrSchedulerRecord};
use burn::optim::LearningRate;
use registry_core::{BuildContext, KeyPath};
use serde_json::Value;

use super::{PARAM_SCHEDULERS, ParamScheduler};

/// An error in `param_scheduler`, naming the key.
pub type ScheduleError = anyhow::Error;

/// One scheduler, placed in iterations.
#[derive(Debug, Clone)]
struct Phase {
    scheduler: Arc<dyn ParamScheduler>,
    /// Iterations per step of this scheduler: the epoch length for an epoch-wise one, else 1.
    unit: u64,
    /// Its step-valued arguments are multiplied by this (the epoch length when converted).
    scale: u64,
    /// `begin` and `end` in its steps, scaled.
    begin: u64,
    end: Option<u64>,
}

impl Phase {
    fn factor(&self, iteration: u64, base_lr: f64) -> f64 {
        let position = iteration / self.unit;
        if position < self.begin {
            return 1.0;
        }
        let last = self.end.map_or(position, |end| position.min(end - 1));
        let len = self.end.map(|end| end - self.begin);
        self.scheduler
            .factor(last - self.begin, len, self.scale, base_lr)
    }
}

/// The learning rate of every iteration: `base_lr × lr_mult ×` the product of the
/// schedulers' factors.
#[derive(Debug, Clone)]
pub struct Schedule {
    base_lr: f64,
    lr_mult: f64,
    phases: Vec<Phase>,
    /// The next iteration.
    iteration: u64,
    /// Iterations per optimizer step (`accumulative_counts`).
    stride: u64,
}

impl Schedule {
    /// Builds `param_scheduler` (a dict, a list of dicts, or absent) for a base rate `base_lr`,
    /// with epochs of `epoch_len` iterations; `iteration_loop`: the train loop counts
    /// iterations, where an epoch-wise scheduler would never step (an error, as it changes
    /// the run).
    pub fn from_config(
        config: Option<&Value>,
        base_lr: f64,
        epoch_len: u64,
        iteration_loop: bool,
    ) -> Result<Self, ScheduleError> {
        let root = KeyPath::root().key("param_scheduler");
        let entries: Vec<(KeyPath, &Value)> = match config {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (root.clone().index(index), item))
                .collect(),
            Some(item) => vec![(root, item)],
        };
        let mut phases = Vec::new();
        for (path, entry) in entries {
            let mut ctx = BuildContext::default().at(path.clone());
            let scheduler: Box<dyn ParamScheduler> = PARAM_SCHEDULERS
                .build_in(entry, &mut ctx)
                .map_err(|error| anyhow!("{error}"))?;
            phases.push(place(scheduler.into(), &path, epoch_len, iteration_loop)?);
        }
        Ok(Self {
            base_lr,
            lr_mult: 1.0,
            phases,
            iteration: 0,
            stride: 1,
        })
    }

    /// The same schedule for a parameter group whose rate is multiplied by `lr_mult`.
    pub fn with_lr_mult(mut self, lr_mult: f64) -> Self {
        self.lr_mult = lr_mult;
        self
    }

    /// One optimizer step every `stride` iterations (`accumulative_counts`).
    pub fn with_stride(mut self, stride: u64) -> Self {
        self.stride = stride.max(1);
        self
    }

    /// The rate at `iteration`.
    pub fn lr_at(&self, iteration: u64) -> f64 {
        let factor: f64 = self
            .phases
            .iter()
            .map(|phase| phase.factor(iteration, self.base_lr))
            .product();
        self.base_lr * self.lr_mult * factor
    }
}

/// Places `scheduler` (at `path`) in iterations, with checked arithmetic.
fn place(
    scheduler: Arc<dyn ParamScheduler>,
    path: &KeyPath,
    epoch_len: u64,
    iteration_loop: bool,
) -> Result<Phase, ScheduleError> {
    let span = scheduler.span().clone();
    if span.by_epoch && iteration_loop {
        return Err(anyhow!(
            "{}: by_epoch=True (the default) in an iteration-based train loop, where it would \
             never step; set by_epoch=False",
            path.clone().key("by_epoch")
        ));
    }
    let converted = span.by_epoch && span.convert_to_iter_based;
    let (unit, scale) = match (span.by_epoch, converted) {
        (true, false) => (epoch_len.max(1), 1),
        (true, true) => (1, epoch_len.max(1)),
        (false, _) => (1, 1),
    };
    let times = |key: &str, value: u64| {
        value.checked_mul(scale).ok_or_else(|| {
            anyhow!(
                "{}: {value} × {scale} iterations per epoch overflows",
                path.clone().key(key)
            )
        })
    };
    let begin = times("begin", span.begin)?;
    let end = span.finite_end().map(|end| times("end", end)).transpose()?;
    if let Some(end) = end
        && end <= begin
    {
        return Err(anyhow!(
            "{}: must be after `begin` ({}), got {}",
            path.clone().key("end"),
            span.begin,
            span.end.unwrap_or_default()
        ));
    }
    Ok(Phase {
        scheduler,
        unit,
        scale,
        begin,
        end,
    })
}

impl LrScheduler for Schedule {
    /// The rate of the optimizer step that ends the next `stride` iterations.
    fn step(&mut self) -> LearningRate {
        let last = self.iteration.saturating_add(self.stride - 1);
        self.iteration = self.iteration.saturating_add(self.stride);
        self.lr_at(last)
    }

    fn to_record(&self) -> LrSchedulerRecord {
        LrSchedulerRecord::new().with_scalar("iteration", self.iteration)
    }

    fn load_record(&mut self, record: LrSchedulerRecord) {
        if let Some(iteration) = record.scalar::<u64>("iteration") {
            self.iteration = iteration;
        }
    }
}
