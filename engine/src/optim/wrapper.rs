//! `OptimWrapper` and `AmpOptimWrapper`: the optimizer, gradient clipping, gradient
//! accumulation and parameter-wise settings of `optim_wrapper`.

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;
use serde_json::Value;

use super::clip::{ClipGrad, ClipGradArgs};
use super::paramwise::ParamwiseCfg;
use super::{OPTIM_WRAPPERS, OPTIMIZERS, OptimWrapperSpec, OptimizerSpec};

/// The keys `OptimWrapper` takes (and `AmpOptimWrapper`, with its own two).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct OptimWrapperArgs {
    /// The optimizer: `dict(type='SGD', lr=0.1, …)`, built through `OPTIMIZERS`.
    pub optimizer: Value,
    /// Gradient clipping.
    #[serde(default)]
    pub clip_grad: Option<ClipGradArgs>,
    /// Batches whose gradients are summed (each loss divided by this) before a step.
    #[serde(default = "one")]
    pub accumulative_counts: usize,
    /// Per-parameter learning-rate and decay multipliers.
    #[serde(default)]
    pub paramwise_cfg: Option<ParamwiseCfg>,
    /// The constructor: only mmengine's default one.
    #[serde(default)]
    pub constructor: Option<String>,
    /// `AmpOptimWrapper` only: the loss scale (no effect in float32).
    #[serde(default)]
    pub loss_scale: Option<Value>,
    /// `AmpOptimWrapper` only: the autocast type (no effect in float32).
    #[serde(default)]
    pub dtype: Option<String>,
}

fn one() -> usize {
    1
}

/// What a wrapper asks of the run.
#[derive(Debug)]
pub struct WrapperPlan {
    /// The optimizer.
    pub optimizer: Box<dyn OptimizerSpec>,
    /// Gradient clipping.
    pub clip: Option<ClipGrad>,
    /// Batches per optimizer step.
    pub accumulative_counts: usize,
    /// Parameter-wise multipliers.
    pub paramwise: ParamwiseCfg,
    /// Keys read but not honoured: (key path, what happens instead).
    pub notes: Vec<(String, String)>,
}

impl WrapperPlan {
    fn read(args: OptimWrapperArgs, amp: bool, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if let Some(constructor) = &args.constructor
            && constructor != "DefaultOptimWrapperConstructor"
        {
            return Err(ctx.invalid(
                "constructor",
                format!("unknown constructor `{constructor}`; only DefaultOptimWrapperConstructor"),
            ));
        }
        if args.accumulative_counts == 0 {
            return Err(ctx.invalid("accumulative_counts", "expected at least 1, got 0"));
        }
        let mut notes = Vec::new();
        if !amp && (args.loss_scale.is_some() || args.dtype.is_some()) {
            let key = if args.loss_scale.is_some() {
                "loss_scale"
            } else {
                "dtype"
            };
            return Err(ctx.invalid(key, "only AmpOptimWrapper takes this key"));
        }
        if amp {
            notes.push((
                ctx.path().clone().key("type").to_string(),
                "AmpOptimWrapper: no mixed precision on the Flex CPU backend; training runs in \
                 float32 (loss_scale and dtype have no effect)"
                    .to_owned(),
            ));
        }
        let optimizer = ctx.build(&OPTIMIZERS, "optimizer", &args.optimizer)?;
        let clip = match &args.clip_grad {
            Some(clip) => Some(ctx.nested("clip_grad", |ctx| ClipGrad::from_args(clip, ctx))?),
            None => None,
        };
        let paramwise = args.paramwise_cfg.unwrap_or_default();
        ctx.nested("paramwise_cfg", |ctx| paramwise.check(ctx))?;
        Ok(Self {
            optimizer,
            clip,
            accumulative_counts: args.accumulative_counts,
            paramwise,
            notes,
        })
    }
}

/// mmengine's `OptimWrapper`: `dict(optimizer=dict(type='SGD', lr=0.1), clip_grad=dict(max_norm=10),
/// accumulative_counts=1, paramwise_cfg=dict(norm_decay_mult=0.0))`.
#[register_module(OPTIM_WRAPPERS, name = "OptimWrapper")]
#[derive(Debug)]
pub struct OptimWrapper {
    plan: WrapperPlan,
}

impl Buildable for OptimWrapper {
    type Config = OptimWrapperArgs;

    fn build(args: OptimWrapperArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Self {
            plan: WrapperPlan::read(args, false, ctx)?,
        })
    }
}

impl OptimWrapperSpec for OptimWrapper {
    fn plan(&self) -> &WrapperPlan {
        &self.plan
    }
}

/// mmengine's `AmpOptimWrapper`, honestly: Burn's Flex CPU backend has no float16 autocast, so
/// training runs in float32 exactly as with `OptimWrapper`; this is reported once at start.
#[register_module(OPTIM_WRAPPERS, name = "AmpOptimWrapper")]
#[derive(Debug)]
pub struct AmpOptimWrapper {
    plan: WrapperPlan,
}

impl Buildable for AmpOptimWrapper {
    type Config = OptimWrapperArgs;

    fn build(args: OptimWrapperArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Self {
            plan: WrapperPlan::read(args, true, ctx)?,
        })
    }
}

impl OptimWrapperSpec for AmpOptimWrapper {
    fn plan(&self) -> &WrapperPlan {
        &self.plan
    }
}
