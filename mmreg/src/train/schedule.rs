//! The learning-rate schedule of a run, from the config's `param_scheduler`: mmengine's
//! `StepLR`, `MultiStepLR`, `CosineAnnealingLR`, `LinearLR`, `ConstantLR` and `ExponentialLR`
//! onto burn's schedulers, counted in iterations (optimizer steps).
//!
//! mmengine chains schedulers: each one active in `[begin, end)` multiplies the learning rate
//! by its factor, and a scheduler past its `end` leaves its last factor in place. In burn's
//! terms the schedule is the product ([`ComposedLrSchedulerConfig`]) of the base learning rate
//! and one factor per scheduler; a factor outside `[begin, end)` is a constant before and
//! after it ([`SequentialLrSchedulerConfig`]). Epoch-based values (`by_epoch=True`, mmengine's
//! default) are converted to iterations with the run's epoch length, as mmengine's
//! `convert_to_iter_based=True` does.

use std::f64::consts::PI;
use std::fmt;

use anyhow::{anyhow, bail, ensure};
use burn::lr_scheduler::LrSchedulerConfig;
use burn::lr_scheduler::composed::ComposedLrSchedulerConfig;
use burn::lr_scheduler::cosine::CosineAnnealingLrSchedulerConfig;
use burn::lr_scheduler::exponential::ExponentialLrSchedulerConfig;
use burn::lr_scheduler::linear::LinearLrSchedulerConfig;
use burn::lr_scheduler::module_lr_scheduler::{ModuleLrScheduler, ModuleLrSchedulerConfig};
use burn::lr_scheduler::sequential::SequentialLrSchedulerConfig;
use burn::lr_scheduler::step::StepLrSchedulerConfig;
use registry_core::KeyPath;
use serde_json::Value;

use super::dict::Dict;
use super::notes::Notes;

/// The scheduler types mapped.
const SUPPORTED: &str =
    "StepLR, MultiStepLR, CosineAnnealingLR, LinearLR, ConstantLR, ExponentialLR";

/// mmengine's schedulers without a counterpart here: skipped, and reported.
const UNMAPPED: [&str; 4] = [
    "PolyLR",
    "OneCycleLR",
    "CosineRestartLR",
    "ReduceOnPlateauLR",
];

/// mmengine's `INF`: the `end` of a scheduler that never ends.
const INF: usize = 1_000_000_000;

/// The learning rate of every step: the base learning rate times each phase's factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    base_lr: f64,
    phases: Vec<Phase>,
}

/// One scheduler of `param_scheduler`, in iterations.
#[derive(Debug, Clone, PartialEq)]
struct Phase {
    shape: Shape,
    /// The first step it is active at.
    begin: usize,
    /// The first step it is no longer active at (`None`: never ends).
    end: Option<usize>,
}

/// How a phase's factor changes with `s`, the steps since its `begin`.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// `gamma^(s / step_size)`.
    Step { step_size: usize, gamma: f64 },
    /// `gamma^(milestones passed)`; milestones are counted from `begin`.
    MultiStep { milestones: Vec<usize>, gamma: f64 },
    /// From 1 down to `min` along half a cosine over `t_max` steps.
    Cosine { t_max: usize, min: f64 },
    /// From `start` to `end` over `iters` steps, then `end`.
    Linear { start: f64, end: f64, iters: usize },
    /// `factor` for `iters` steps, then 1.
    Constant { factor: f64, iters: usize },
    /// `gamma^s`.
    Exponential { gamma: f64 },
}

impl Shape {
    /// The factor `s` steps after the phase's `begin` (mmengine's values, in closed form).
    fn factor(&self, s: usize) -> f64 {
        match self {
            Shape::Step { step_size, gamma } => gamma.powi((s / step_size) as i32),
            Shape::MultiStep { milestones, gamma } => gamma.powi(
                milestones
                    .iter()
                    .filter(|&&milestone| milestone <= s)
                    .count() as i32,
            ),
            Shape::Cosine { t_max, min } => {
                min + (1.0 - min) * (1.0 + (PI * s as f64 / *t_max as f64).cos()) / 2.0
            }
            Shape::Linear { start, end, iters } => {
                start + (end - start) * s.min(*iters) as f64 / (*iters).max(1) as f64
            }
            Shape::Constant { factor, iters } => {
                if s == 0 || s < *iters {
                    *factor
                } else {
                    1.0
                }
            }
            Shape::Exponential { gamma } => gamma.powi(s as i32),
        }
    }

    /// burn's scheduler for the factor, from `s = 0` on.
    fn to_burn(&self) -> LrSchedulerConfig {
        match self {
            Shape::Step { step_size, gamma } => LrSchedulerConfig::Step(
                StepLrSchedulerConfig::new(1.0, *step_size).with_gamma(*gamma),
            ),
            Shape::MultiStep { milestones, .. } => {
                let mut factors = vec![LrSchedulerConfig::Constant(self.factor(0))];
                let mut starts = Vec::new();
                for &milestone in milestones {
                    if milestone > 0 && starts.last() != Some(&milestone) {
                        starts.push(milestone);
                        factors.push(LrSchedulerConfig::Constant(self.factor(milestone)));
                    }
                }
                sequence(factors, starts)
            }
            Shape::Cosine { t_max, min } => LrSchedulerConfig::Cosine(
                CosineAnnealingLrSchedulerConfig::new(1.0, *t_max).with_min_lr(*min),
            ),
            Shape::Linear { start, end, iters } => match iters {
                0 => LrSchedulerConfig::Constant(*start),
                _ => LrSchedulerConfig::Linear(LinearLrSchedulerConfig::new(*start, *end, *iters)),
            },
            Shape::Constant { factor, iters } => match iters {
                0 => LrSchedulerConfig::Constant(*factor),
                _ => sequence(
                    vec![
                        LrSchedulerConfig::Constant(*factor),
                        LrSchedulerConfig::Constant(1.0),
                    ],
                    vec![*iters],
                ),
            },
            Shape::Exponential { gamma } => {
                LrSchedulerConfig::Exponential(ExponentialLrSchedulerConfig::new(1.0, *gamma))
            }
        }
    }
}

/// `schedulers` one after the other, the next taking over at each of `milestones`.
fn sequence(mut schedulers: Vec<LrSchedulerConfig>, milestones: Vec<usize>) -> LrSchedulerConfig {
    if milestones.is_empty() {
        return schedulers.remove(0);
    }
    LrSchedulerConfig::Sequential(SequentialLrSchedulerConfig::new(schedulers, milestones))
}

impl Phase {
    /// burn's scheduler for the phase's factor: 1 before `begin`, the shape until `end`, then
    /// the shape's last factor.
    fn to_burn(&self) -> LrSchedulerConfig {
        let mut schedulers = Vec::new();
        let mut milestones = Vec::new();
        if self.begin > 0 {
            schedulers.push(LrSchedulerConfig::Constant(1.0));
            milestones.push(self.begin);
        }
        schedulers.push(self.shape.to_burn());
        if let Some(end) = self.end {
            milestones.push(end);
            let last = self.shape.factor(end - 1 - self.begin);
            schedulers.push(LrSchedulerConfig::Constant(last));
        }
        sequence(schedulers, milestones)
    }
}

impl Schedule {
    /// Reads `param_scheduler` of `config` (a dict, a list of them, or absent) for a base
    /// learning rate of `base_lr`; epoch-based values are multiplied by `epoch_len`
    /// iterations. Keys and schedulers without a counterpart go into `notes`; an unknown type
    /// is an error.
    pub fn from_config(
        config: &Value,
        base_lr: f64,
        epoch_len: usize,
        notes: &mut Notes,
    ) -> anyhow::Result<Self> {
        let root = KeyPath::root().key("param_scheduler");
        let entries: Vec<(KeyPath, &Value)> = match config.get("param_scheduler") {
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
            let dict = Dict::new(entry, path)?;
            if let Some(phase) = read_phase(&dict, base_lr, epoch_len, notes)? {
                phases.push(phase);
            }
        }
        Ok(Self { base_lr, phases })
    }

    /// burn's scheduler config: the base learning rate times each phase's factor.
    pub fn to_burn(&self) -> LrSchedulerConfig {
        if self.phases.is_empty() {
            return LrSchedulerConfig::Constant(self.base_lr);
        }
        let factors = self.phases.iter().map(Phase::to_burn);
        let schedulers = std::iter::once(LrSchedulerConfig::Constant(self.base_lr))
            .chain(factors)
            .collect();
        LrSchedulerConfig::Composed(ComposedLrSchedulerConfig::new().with_schedulers(schedulers))
    }

    /// burn's scheduler, ready for the Learner.
    pub fn init(&self) -> anyhow::Result<ModuleLrScheduler> {
        ModuleLrSchedulerConfig::new(self.to_burn())
            .init()
            .map_err(|error| anyhow!("burn rejected the learning-rate schedule: {error}"))
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lr {}", self.base_lr)?;
        for phase in &self.phases {
            write!(f, " × {phase}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.shape {
            Shape::Step { step_size, gamma } => {
                write!(f, "StepLR(step_size={step_size}, gamma={gamma}")?
            }
            Shape::MultiStep { milestones, gamma } => {
                write!(f, "MultiStepLR(milestones={milestones:?}, gamma={gamma}")?
            }
            Shape::Cosine { t_max, min } => {
                write!(f, "CosineAnnealingLR(T_max={t_max}, min factor {min:.4}")?
            }
            Shape::Linear { start, end, .. } => {
                write!(f, "LinearLR(start_factor={start}, end_factor={end}")?
            }
            Shape::Constant { factor, .. } => write!(f, "ConstantLR(factor={factor}")?,
            Shape::Exponential { gamma } => write!(f, "ExponentialLR(gamma={gamma:.6}")?,
        }
        match self.end {
            Some(end) => write!(f, ", steps {}..{end})", self.begin),
            None if self.begin > 0 => write!(f, ", from step {})", self.begin),
            None => write!(f, ")"),
        }
    }
}

/// One scheduler dict, or `None` for a scheduler without counterpart (reported in `notes`).
fn read_phase(
    dict: &Dict,
    base_lr: f64,
    epoch_len: usize,
    notes: &mut Notes,
) -> anyhow::Result<Option<Phase>> {
    let type_path = dict.path_of("type");
    let kind = dict
        .string("type")?
        .ok_or_else(|| anyhow!("{type_path}: missing; supported: {SUPPORTED}"))?;
    if UNMAPPED.contains(&kind) {
        notes.unhonoured(
            type_path.to_string(),
            format!("{kind} has no counterpart among burn's schedulers: skipped"),
        );
        return Ok(None);
    }
    if kind.ends_with("Momentum") || kind.ends_with("ParamScheduler") {
        notes.unhonoured(
            type_path.to_string(),
            format!("{kind}: only the learning rate is scheduled: skipped"),
        );
        return Ok(None);
    }

    let by_epoch = dict.flag("by_epoch")?.unwrap_or(true);
    let scale = if by_epoch { epoch_len } else { 1 };
    let begin = dict.count("begin")?.unwrap_or(0) * scale;
    let end = match dict.count("end")? {
        None | Some(INF) => None,
        Some(end) => Some(end * scale),
    };
    if let Some(end) = end {
        ensure!(
            end > begin,
            "{}: must be after `begin` ({begin}), got {end} (in iterations)",
            dict.path_of("end")
        );
    }
    let span = end.unwrap_or(INF) - begin;
    let factor_at = |key: &str, default: f64| -> anyhow::Result<f64> {
        let value = dict.number(key)?.unwrap_or(default);
        ensure!(
            (0.0..=1.0).contains(&value),
            "{}: must be in [0, 1], got {value}",
            dict.path_of(key)
        );
        Ok(value)
    };
    let positive_count = |key: &str| -> anyhow::Result<Option<usize>> {
        match dict.count(key)? {
            Some(0) => bail!("{}: must be at least 1", dict.path_of(key)),
            other => Ok(other.map(|count| count * scale)),
        }
    };

    let shape = match kind {
        "StepLR" => Shape::Step {
            step_size: positive_count("step_size")?
                .ok_or_else(|| anyhow!("{}: missing", dict.path_of("step_size")))?,
            gamma: dict.number("gamma")?.unwrap_or(0.1),
        },
        "MultiStepLR" => {
            let mut milestones = dict
                .counts("milestones")?
                .ok_or_else(|| anyhow!("{}: missing", dict.path_of("milestones")))?;
            milestones
                .iter_mut()
                .for_each(|milestone| *milestone *= scale);
            milestones.sort_unstable();
            Shape::MultiStep {
                milestones,
                gamma: dict.number("gamma")?.unwrap_or(0.1),
            }
        }
        "CosineAnnealingLR" => {
            let t_max = match (positive_count("T_max")?, end) {
                (Some(t_max), _) => t_max,
                (None, Some(_)) => span,
                (None, None) => bail!(
                    "{}: missing (needed when the scheduler has no `end`)",
                    dict.path_of("T_max")
                ),
            };
            let min = match (dict.number("eta_min")?, dict.number("eta_min_ratio")?) {
                (Some(_), Some(_)) => bail!(
                    "{}: give either `eta_min` or `eta_min_ratio`, not both",
                    dict.path_of("eta_min_ratio")
                ),
                (Some(eta_min), None) => eta_min / base_lr,
                (None, Some(ratio)) => ratio,
                (None, None) => 0.0,
            };
            ensure!(
                (0.0..=1.0).contains(&min),
                "{}: the minimum must be between 0 and the base learning rate {base_lr}",
                dict.path_of("eta_min")
            );
            Shape::Cosine { t_max, min }
        }
        "LinearLR" => {
            let start = factor_at("start_factor", 1.0 / 3.0)?;
            ensure!(
                start > 0.0,
                "{}: must be above 0 (burn's linear scheduler starts from a positive rate)",
                dict.path_of("start_factor")
            );
            Shape::Linear {
                start,
                end: factor_at("end_factor", 1.0)?,
                iters: span - 1,
            }
        }
        "ConstantLR" => Shape::Constant {
            factor: factor_at("factor", 1.0 / 3.0)?,
            iters: span - 1,
        },
        "ExponentialLR" => {
            let gamma = dict
                .number("gamma")?
                .ok_or_else(|| anyhow!("{}: missing", dict.path_of("gamma")))?;
            ensure!(
                gamma > 0.0 && gamma <= 1.0,
                "{}: must be in (0, 1] (burn's exponential scheduler only decays), got {gamma}",
                dict.path_of("gamma")
            );
            // Per epoch in the config: the same decay spread over the epoch's iterations.
            Shape::Exponential {
                gamma: gamma.powf(1.0 / scale as f64),
            }
        }
        other => bail!("{type_path}: unknown scheduler `{other}`; supported: {SUPPORTED}"),
    };

    let smooth = !matches!(shape, Shape::Step { .. } | Shape::MultiStep { .. });
    let converted = dict.flag("convert_to_iter_based")?.unwrap_or(false);
    if by_epoch && smooth && !converted && epoch_len > 1 {
        notes.unhonoured(
            dict.path_of("by_epoch").to_string(),
            format!(
                "converted to iterations ({epoch_len} per epoch): {kind} changes the lr every \
                 iteration, not once per epoch (as with convert_to_iter_based=True)"
            ),
        );
    }
    dict.report_unread(notes, "no counterpart in burn's schedulers (ignored)");
    Ok(Some(Phase { shape, begin, end }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The first `steps` learning rates of `param_scheduler` over a base lr of 0.1.
    fn lrs(param_scheduler: Value, epoch_len: usize, steps: usize) -> Vec<f64> {
        let mut notes = Notes::default();
        let config = json!({"param_scheduler": param_scheduler});
        let schedule = Schedule::from_config(&config, 0.1, epoch_len, &mut notes).unwrap();
        let mut scheduler = schedule.init().unwrap();
        (0..steps).map(|_| scheduler.step().base()).collect()
    }

    fn assert_close(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len(), "{actual:?}");
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() < 1e-9, "{actual:?} != {expected:?}");
        }
    }

    #[test]
    fn no_scheduler_is_a_constant_rate() {
        assert_close(&lrs(Value::Null, 1, 2), &[0.1, 0.1]);
        assert_close(&lrs(json!([]), 1, 2), &[0.1, 0.1]);
    }

    #[test]
    fn multi_step_by_epoch_counts_in_epochs() {
        let config = json!({"type": "MultiStepLR", "milestones": [1, 2], "gamma": 0.5});
        assert_close(&lrs(config, 2, 6), &[0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
        let by_iter = json!({"type": "MultiStepLR", "by_epoch": false, "milestones": [0, 3, 3]});
        assert_close(&lrs(by_iter, 5, 4), &[0.01, 0.01, 0.01, 0.0001]);
    }

    #[test]
    fn step_lr_decays_every_step_size() {
        let config = json!({"type": "StepLR", "by_epoch": false, "step_size": 2, "gamma": 0.5});
        assert_close(&lrs(config, 1, 5), &[0.1, 0.1, 0.05, 0.05, 0.025]);
    }

    #[test]
    fn cosine_anneals_to_eta_min_then_holds_past_end() {
        let config = json!({"type": "CosineAnnealingLR", "by_epoch": false, "eta_min": 0.02,
                            "begin": 0, "end": 4});
        // T_max = end - begin = 4; mmengine holds the value of step 3 from step 4 on.
        let value = |s: f64| 0.02 + 0.08 * (1.0 + (PI * s / 4.0).cos()) / 2.0;
        let expected = [value(0.0), value(1.0), value(2.0), value(3.0), value(3.0)];
        assert_close(&lrs(config, 1, 5), &expected);
    }

    #[test]
    fn linear_warmup_chains_with_multi_step() {
        // mmdetection's schedule: warm up over iterations 0..4, decay at epoch 1.
        let config = json!([
            {"type": "LinearLR", "start_factor": 0.2, "by_epoch": false, "begin": 0, "end": 5},
            {"type": "MultiStepLR", "by_epoch": true, "milestones": [1], "gamma": 0.1},
        ]);
        let expected = [0.02, 0.04, 0.06, 0.08, 0.1, 0.1, 0.01, 0.01];
        assert_close(&lrs(config, 6, 8), &expected);
    }

    #[test]
    fn begin_delays_a_scheduler() {
        let config = json!({"type": "StepLR", "by_epoch": false, "step_size": 1, "gamma": 0.5,
                            "begin": 2, "end": 4});
        assert_close(&lrs(config, 1, 6), &[0.1, 0.1, 0.1, 0.05, 0.05, 0.05]);
    }

    #[test]
    fn constant_and_exponential() {
        let constant = json!({"type": "ConstantLR", "by_epoch": false, "factor": 0.5, "end": 3});
        assert_close(&lrs(constant, 1, 4), &[0.05, 0.05, 0.1, 0.1]);
        let exponential = json!({"type": "ExponentialLR", "gamma": 0.25});
        // By epoch (two iterations each): 0.25 per epoch, 0.5 per iteration.
        assert_close(&lrs(exponential, 2, 3), &[0.1, 0.05, 0.025]);
    }

    #[test]
    fn unmapped_schedulers_and_keys_are_reported() {
        let mut notes = Notes::default();
        let config = json!({"param_scheduler": [
            {"type": "PolyLR", "power": 1.0},
            {"type": "CosineAnnealingMomentum", "T_max": 10},
            {"type": "CosineAnnealingLR", "T_max": 10, "verbose": true},
        ]});
        let schedule = Schedule::from_config(&config, 0.1, 4, &mut notes).unwrap();
        assert_eq!(schedule.phases.len(), 1);
        let paths: Vec<_> = notes.all().iter().map(|note| note.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "param_scheduler[0].type",
                "param_scheduler[1].type",
                "param_scheduler[2].by_epoch",
                "param_scheduler[2].verbose",
            ]
        );
    }

    #[test]
    fn errors_name_the_key() {
        let error = |param_scheduler: Value| {
            let config = json!({"param_scheduler": param_scheduler});
            Schedule::from_config(&config, 0.1, 1, &mut Notes::default())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error(json!([{"type": "WarmupLR"}])),
            "param_scheduler[0].type: unknown scheduler `WarmupLR`; supported: StepLR, \
             MultiStepLR, CosineAnnealingLR, LinearLR, ConstantLR, ExponentialLR"
        );
        assert_eq!(
            error(json!({"type": "StepLR", "step_size": 0})),
            "param_scheduler.step_size: must be at least 1"
        );
        assert_eq!(
            error(json!({"type": "LinearLR", "begin": 5, "end": 5})),
            "param_scheduler.end: must be after `begin` (5), got 5 (in iterations)"
        );
        assert_eq!(
            error(json!({"type": "CosineAnnealingLR"})),
            "param_scheduler.T_max: missing (needed when the scheduler has no `end`)"
        );
    }
}
