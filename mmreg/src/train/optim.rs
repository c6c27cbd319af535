//! The optimizer of a run, from the config's `optim_wrapper` (mmengine's `OptimWrapper`): SGD,
//! Adam and AdamW onto burn's, with PyTorch's defaults for the keys a config leaves out, and
//! `clip_grad` by norm or by value.

use std::fmt;

use anyhow::{Context, anyhow, bail, ensure};
use burn::optim::decay::WeightDecayConfig;
use burn::optim::grad_clipping::GradientClipping;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, AdamWConfig, ModuleOptimizer, SgdConfig};
use registry_core::KeyPath;
use serde_json::Value;

use super::dict::Dict;
use super::notes::Notes;

/// The optimizer types `mmreg train` maps, as mmengine names them.
const SUPPORTED: &str = "SGD, Adam, AdamW";

/// An optimizer type and its settings, with PyTorch's defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub enum Optimizer {
    /// `torch.optim.SGD`: burn's `Sgd` with its momentum and L2 weight decay.
    Sgd {
        /// Momentum factor (0: none).
        momentum: f64,
        /// Dampening of the momentum.
        dampening: f64,
        /// Nesterov momentum.
        nesterov: bool,
        /// L2 penalty added to the gradient.
        weight_decay: f64,
    },
    /// `torch.optim.Adam`: burn's `Adam`, weight decay as an L2 penalty.
    Adam(AdamSettings),
    /// `torch.optim.AdamW`: burn's `AdamW`, decoupled weight decay.
    AdamW(AdamSettings),
}

/// The settings Adam and AdamW share.
#[derive(Debug, Clone, PartialEq)]
pub struct AdamSettings {
    /// The moments' decay rates.
    pub betas: (f64, f64),
    /// Added to the denominator.
    pub eps: f64,
    /// Weight decay (PyTorch: 0 for Adam, 0.01 for AdamW).
    pub weight_decay: f64,
    /// The AMSGrad variant.
    pub amsgrad: bool,
}

/// mmengine's `clip_grad`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClipGrad {
    /// `dict(max_norm=…)`: scale all gradients together so that their joint L2 norm is at most
    /// this, as `torch.nn.utils.clip_grad_norm_`.
    Norm(f32),
    /// `dict(type='value', clip_value=…)`: clamp every gradient element to `±` this.
    Value(f32),
}

/// The optimizer of a run: type, base learning rate, gradient clipping.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizerPlan {
    /// The optimizer and its settings.
    pub optimizer: Optimizer,
    /// The base learning rate, which the schedule scales.
    pub lr: f64,
    /// Gradient clipping, if the config asks for it.
    pub clip: Option<ClipGrad>,
}

impl OptimizerPlan {
    /// Reads `optim_wrapper` of `config`; `lr` replaces the config's learning rate. Keys that
    /// have no counterpart go into `notes`; an unknown optimizer type is an error.
    pub fn from_config(config: &Value, lr: Option<f64>, notes: &mut Notes) -> anyhow::Result<Self> {
        let path = KeyPath::root().key("optim_wrapper");
        let Some(wrapper) = config.get("optim_wrapper").filter(|value| !value.is_null()) else {
            bail!(
                "the config has no `optim_wrapper` to take the optimizer from, e.g. \
                 optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9))"
            );
        };
        let wrapper = Dict::new(wrapper, path.clone())?;
        match wrapper.string("type")? {
            None | Some("OptimWrapper") => {}
            Some("AmpOptimWrapper") => notes.unhonoured(
                wrapper.path_of("type").to_string(),
                "AmpOptimWrapper: no mixed precision, training runs in float32",
            ),
            Some(other) => bail!(
                "{}: unknown optimizer wrapper `{other}`; supported: OptimWrapper, \
                 AmpOptimWrapper (run in float32)",
                wrapper.path_of("type")
            ),
        }
        let optimizer = wrapper.get("optimizer").ok_or_else(|| {
            anyhow!(
                "{}: missing; e.g. optimizer=dict(type='SGD', lr=0.1, momentum=0.9)",
                wrapper.path_of("optimizer")
            )
        })?;
        let optimizer = Dict::new(optimizer, wrapper.path_of("optimizer"))?;
        let (optimizer, lr) = read_optimizer(&optimizer, lr, notes)?;
        let clip = match wrapper.get("clip_grad") {
            Some(clip) => Some(read_clip(
                &Dict::new(clip, wrapper.path_of("clip_grad"))?,
                notes,
            )?),
            None => None,
        };
        if let Some(counts) = wrapper.count("accumulative_counts")?
            && counts != 1
        {
            notes.unhonoured(
                wrapper.path_of("accumulative_counts").to_string(),
                "no gradient accumulation: every batch is one optimizer step",
            );
        }
        if wrapper.get("paramwise_cfg").is_some() {
            notes.unhonoured(
                wrapper.path_of("paramwise_cfg").to_string(),
                "no parameter-wise multipliers: every parameter gets the optimizer's lr and \
                 weight decay",
            );
        }
        wrapper.report_unread(notes, "no counterpart in burn's optimizers (ignored)");
        Ok(Self {
            optimizer,
            lr,
            clip,
        })
    }

    /// burn's optimizer for the plan. Norm clipping is not part of it: burn clips each tensor
    /// by its own norm, mmengine all gradients by their joint norm, which the training step
    /// does (see [`ClipGrad::Norm`]).
    pub fn build(&self) -> ModuleOptimizer {
        let optimizer = match &self.optimizer {
            Optimizer::Sgd {
                momentum,
                dampening,
                nesterov,
                weight_decay,
            } => SgdConfig::new()
                .with_momentum((*momentum > 0.0).then_some(MomentumConfig {
                    momentum: *momentum,
                    dampening: *dampening,
                    nesterov: *nesterov,
                }))
                .with_weight_decay(l2(*weight_decay))
                .init(),
            Optimizer::Adam(settings) => AdamConfig::new()
                .with_beta_1(settings.betas.0 as f32)
                .with_beta_2(settings.betas.1 as f32)
                .with_epsilon(settings.eps as f32)
                .with_amsgrad(settings.amsgrad)
                .with_weight_decay(l2(settings.weight_decay))
                .init(),
            Optimizer::AdamW(settings) => AdamWConfig::new()
                .with_beta_1(settings.betas.0 as f32)
                .with_beta_2(settings.betas.1 as f32)
                .with_epsilon(settings.eps as f32)
                .with_amsgrad(settings.amsgrad)
                .with_weight_decay(settings.weight_decay as f32)
                .init(),
        };
        match self.clip {
            Some(ClipGrad::Value(limit)) => {
                optimizer.with_grad_clipping(GradientClipping::Value(limit))
            }
            _ => optimizer,
        }
    }

    /// The joint gradient norm to clip to, if any.
    pub fn max_norm(&self) -> Option<f32> {
        match self.clip {
            Some(ClipGrad::Norm(max_norm)) => Some(max_norm),
            _ => None,
        }
    }
}

impl fmt::Display for OptimizerPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lr = self.lr;
        match &self.optimizer {
            Optimizer::Sgd {
                momentum,
                dampening,
                nesterov,
                weight_decay,
            } => write!(
                f,
                "SGD(lr={lr}, momentum={momentum}, dampening={dampening}, nesterov={nesterov}, \
                 weight_decay={weight_decay})"
            )?,
            Optimizer::Adam(settings) => write!(f, "Adam(lr={lr}, {settings})")?,
            Optimizer::AdamW(settings) => write!(f, "AdamW(lr={lr}, {settings})")?,
        }
        match self.clip {
            Some(ClipGrad::Norm(max_norm)) => {
                write!(f, ", gradients clipped to a joint L2 norm of {max_norm}")
            }
            Some(ClipGrad::Value(limit)) => write!(f, ", gradients clamped to ±{limit}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for AdamSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "betas=({}, {}), eps={}, weight_decay={}, amsgrad={}",
            self.betas.0, self.betas.1, self.eps, self.weight_decay, self.amsgrad
        )
    }
}

/// burn's L2 penalty: none for 0.
fn l2(weight_decay: f64) -> Option<WeightDecayConfig> {
    (weight_decay > 0.0).then_some(WeightDecayConfig {
        penalty: weight_decay as f32,
    })
}

/// The optimizer dict: its type, settings and learning rate (`lr` if given).
fn read_optimizer(
    dict: &Dict,
    lr: Option<f64>,
    notes: &mut Notes,
) -> anyhow::Result<(Optimizer, f64)> {
    let kind = dict
        .string("type")?
        .ok_or_else(|| anyhow!("{}: missing; supported: {SUPPORTED}", dict.path_of("type")))?;
    let config_lr = dict.number("lr")?;
    let lr = lr.or(config_lr).unwrap_or(1e-3);
    ensure!(
        lr.is_finite() && lr > 0.0,
        "the learning rate must be a positive number, got {lr}"
    );
    let optimizer = match kind {
        "SGD" => {
            let momentum = non_negative(dict, "momentum", 0.0)?;
            let dampening = non_negative(dict, "dampening", 0.0)?;
            let nesterov = dict.flag("nesterov")?.unwrap_or(false);
            if nesterov && (momentum == 0.0 || dampening != 0.0) {
                bail!(
                    "{}: Nesterov momentum needs a momentum and zero dampening",
                    dict.path_of("nesterov")
                );
            }
            Optimizer::Sgd {
                momentum,
                dampening,
                nesterov,
                weight_decay: non_negative(dict, "weight_decay", 0.0)?,
            }
        }
        "Adam" => Optimizer::Adam(read_adam(dict, 0.0)?),
        "AdamW" => Optimizer::AdamW(read_adam(dict, 1e-2)?),
        other => bail!(
            "{}: optimizer `{other}` is not supported; supported: {SUPPORTED}",
            dict.path_of("type")
        ),
    };
    dict.report_unread(notes, "no counterpart in burn's optimizer (ignored)");
    Ok((optimizer, lr))
}

/// Adam's and AdamW's keys, with PyTorch's defaults; `weight_decay` defaults to `decay`.
fn read_adam(dict: &Dict, decay: f64) -> anyhow::Result<AdamSettings> {
    let betas = match dict.numbers("betas")?.as_deref() {
        None => (0.9, 0.999),
        Some(&[beta_1, beta_2])
            if [beta_1, beta_2]
                .iter()
                .all(|beta| (0.0..1.0).contains(beta)) =>
        {
            (beta_1, beta_2)
        }
        Some(other) => bail!(
            "{}: expected two numbers in [0, 1), got {other:?}",
            dict.path_of("betas")
        ),
    };
    Ok(AdamSettings {
        betas,
        eps: non_negative(dict, "eps", 1e-8)?,
        weight_decay: non_negative(dict, "weight_decay", decay)?,
        amsgrad: dict.flag("amsgrad")?.unwrap_or(false),
    })
}

/// The number at `key`, `default` if absent; an error if negative.
fn non_negative(dict: &Dict, key: &str, default: f64) -> anyhow::Result<f64> {
    let value = dict.number(key)?.unwrap_or(default);
    ensure!(
        value >= 0.0,
        "{}: must not be negative, got {value}",
        dict.path_of(key)
    );
    Ok(value)
}

/// `clip_grad`: `dict(max_norm=…, norm_type=2)` or `dict(type='value', clip_value=…)`.
fn read_clip(dict: &Dict, notes: &mut Notes) -> anyhow::Result<ClipGrad> {
    let positive = |key: &str| -> anyhow::Result<f32> {
        let value = dict
            .number(key)?
            .with_context(|| format!("{}: missing", dict.path_of(key)))?;
        ensure!(
            value > 0.0,
            "{}: must be positive, got {value}",
            dict.path_of(key)
        );
        Ok(value as f32)
    };
    let clip = match dict.string("type")?.unwrap_or("norm") {
        "norm" => {
            let clip = ClipGrad::Norm(positive("max_norm")?);
            if let Some(norm_type) = dict.number("norm_type")?
                && norm_type != 2.0
            {
                notes.unhonoured(
                    dict.path_of("norm_type").to_string(),
                    format!(
                        "only the L2 norm is supported: clipped by the L2 norm, not L{norm_type}"
                    ),
                );
            }
            clip
        }
        "value" => ClipGrad::Value(positive("clip_value")?),
        other => bail!(
            "{}: unknown clipping `{other}`; supported: 'norm', 'value'",
            dict.path_of("type")
        ),
    };
    dict.report_unread(notes, "no counterpart in the gradient clipping (ignored)");
    Ok(clip)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn plan(optim_wrapper: Value) -> (anyhow::Result<OptimizerPlan>, Vec<String>) {
        let mut notes = Notes::default();
        let plan =
            OptimizerPlan::from_config(&json!({"optim_wrapper": optim_wrapper}), None, &mut notes);
        (plan, notes.all().iter().map(ToString::to_string).collect())
    }

    #[test]
    fn sgd_with_torch_defaults() {
        let (outcome, notes) = plan(
            json!({"optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9,
                                                     "weight_decay": 1e-4}}),
        );
        let plan = outcome.unwrap();
        assert_eq!(plan.lr, 0.1);
        assert_eq!(
            plan.optimizer,
            Optimizer::Sgd {
                momentum: 0.9,
                dampening: 0.0,
                nesterov: false,
                weight_decay: 1e-4
            }
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            plan.to_string(),
            "SGD(lr=0.1, momentum=0.9, dampening=0, nesterov=false, weight_decay=0.0001)"
        );
    }

    #[test]
    fn adamw_defaults_and_overridden_lr() {
        let mut notes = Notes::default();
        let config = json!({"optim_wrapper": {"type": "OptimWrapper",
                                              "optimizer": {"type": "AdamW", "betas": [0.9, 0.95]}}});
        let plan = OptimizerPlan::from_config(&config, Some(0.01), &mut notes).unwrap();
        assert_eq!(plan.lr, 0.01);
        assert_eq!(
            plan.optimizer,
            Optimizer::AdamW(AdamSettings {
                betas: (0.9, 0.95),
                eps: 1e-8,
                weight_decay: 1e-2,
                amsgrad: false
            })
        );
    }

    #[test]
    fn unmapped_keys_are_reported() {
        let (outcome, notes) = plan(json!({
            "type": "AmpOptimWrapper",
            "optimizer": {"type": "Adam", "lr": 1e-3, "foreach": true},
            "paramwise_cfg": {"norm_decay_mult": 0.0},
            "clip_grad": {"max_norm": 35, "norm_type": 1},
            "accumulative_counts": 4,
            "loss_scale": "dynamic",
        }));
        assert_eq!(outcome.unwrap().clip, Some(ClipGrad::Norm(35.0)));
        let paths: Vec<_> = notes
            .iter()
            .map(|note| note.split(':').next().unwrap())
            .collect();
        assert_eq!(
            paths,
            [
                "optim_wrapper.type",
                "optim_wrapper.optimizer.foreach",
                "optim_wrapper.clip_grad.norm_type",
                "optim_wrapper.accumulative_counts",
                "optim_wrapper.paramwise_cfg",
                "optim_wrapper.loss_scale",
            ]
        );
    }

    #[test]
    fn unknown_types_are_errors_naming_the_key() {
        let (outcome, _) = plan(json!({"optimizer": {"type": "RMSprop", "lr": 0.1}}));
        assert_eq!(
            outcome.unwrap_err().to_string(),
            "optim_wrapper.optimizer.type: optimizer `RMSprop` is not supported; supported: \
             SGD, Adam, AdamW"
        );
        let (outcome, _) = plan_of_clip(json!({"type": "global", "max_norm": 1}));
        assert_eq!(
            outcome.unwrap_err().to_string(),
            "optim_wrapper.clip_grad.type: unknown clipping `global`; supported: 'norm', 'value'"
        );
        let mut notes = Notes::default();
        let error = OptimizerPlan::from_config(&json!({}), None, &mut notes).unwrap_err();
        assert!(error.to_string().contains("no `optim_wrapper`"), "{error}");
    }

    fn plan_of_clip(clip: Value) -> (anyhow::Result<OptimizerPlan>, Vec<String>) {
        plan(json!({"optimizer": {"type": "SGD", "lr": 0.1}, "clip_grad": clip}))
    }

    #[test]
    fn invalid_settings_are_errors() {
        let (outcome, _) = plan(json!({"optimizer": {"type": "SGD", "lr": 0.1, "nesterov": true}}));
        assert_eq!(
            outcome.unwrap_err().to_string(),
            "optim_wrapper.optimizer.nesterov: Nesterov momentum needs a momentum and zero \
             dampening"
        );
        let (outcome, _) = plan(json!({"optimizer": {"type": "Adam", "betas": [0.9]}}));
        assert!(
            outcome
                .unwrap_err()
                .to_string()
                .starts_with("optim_wrapper.optimizer.betas:")
        );
        let (outcome, _) = plan_of_clip(json!({"type": "value", "clip_value": 0}));
        assert_eq!(
            outcome.unwrap_err().to_string(),
            "optim_wrapper.clip_grad.clip_value: must be positive, got 0"
        );
    }
}
