//! Normalisation layers for `norm_cfg`, as mmcv's `build_norm_layer` builds them, registered
//! in [`NORM_LAYERS`](crate::NORM_LAYERS) as Burn's own layer types, so that weight paths
//! carry no wrapper segment (`bn1.gamma`, not `bn1.inner.gamma`).
//!
//! | name (aliases) | layer | mmcv / PyTorch |
//! |---|---|---|
//! | `BN` (`BN2d`, `SyncBN`) | [`BatchNorm`] | `nn.BatchNorm2d`; `SyncBN` is plain BatchNorm on one device |
//! | `GN` | [`GroupNorm`] | `nn.GroupNorm`, `num_groups` required |
//! | `LN` (`LN2d`) | [`LayerNorm`] | over the channels of `[N, C, H, W]` (see below) |
//! | `IN` (`IN2d`) | [`InstanceNorm`] | `nn.InstanceNorm2d` |
//!
//! Every entry takes the keys of its PyTorch layer (`eps`, `momentum`, `affine`, …) and mmcv's
//! `requires_grad` (`False` freezes the layer's weight and bias). `num_features` is the number
//! of channels, supplied by the layer that owns the norm (as mmcv's `build_norm_layer(cfg,
//! num_features)` takes it), through
//! [`BuildContext::build_with_defaults`](crate::BuildContext::build_with_defaults):
//!
//! ```
//! use registry_core::{BuildContext, NORM_LAYERS};
//! use serde_json::json;
//! # registry_core::link!(registry_core);
//!
//! let mut ctx = BuildContext::default();
//! let channels = json!({"num_features": 64}).as_object().unwrap().clone();
//! let norm_cfg = json!({"type": "GN", "num_groups": 32});
//! let norm = ctx.build_with_defaults(&NORM_LAYERS, "norm_cfg", &norm_cfg, &channels).unwrap();
//! assert_eq!(registry_core::count_parameters(&norm), 128);
//!
//! let bad = json!({"type": "GN", "num_groups": 24});
//! let error = ctx.build_with_defaults(&NORM_LAYERS, "norm_cfg", &bad, &channels).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "norm_cfg.num_groups: 24 groups do not divide 64 channels (in GN)"
//! );
//! ```
//!
//! A `norm_cfg` built on its own, without an owner (as whole-config validation checks nested
//! configs), has no channel count: it builds a placeholder with one channel (`num_groups`
//! channels for `GN`), which is enough to check every other key.
//!
//! Keys Burn's layers cannot honour are errors, never silently ignored: BatchNorm's
//! `affine=False`, `track_running_stats=False` and `momentum=None` (a cumulative average),
//! LayerNorm's `elementwise_affine=False`, InstanceNorm's `track_running_stats=True`.
//!
//! # Differences from PyTorch worth knowing
//!
//! - **BatchNorm's running variance.** In training mode Burn normalises with the biased batch
//!   variance, as PyTorch does, but also updates `running_var` with the *biased* variance, where
//!   PyTorch uses the unbiased one (`n / (n - 1)` times larger, `n` = values per channel). Eval
//!   mode uses the running statistics, as PyTorch does, so loaded checkpoints agree exactly;
//!   statistics accumulated by training in Burn are slightly smaller than PyTorch's for tiny
//!   batches, and identical in the limit of large ones.
//! - **BatchNorm's mode.** A BatchNorm takes its training path (batch statistics, running
//!   statistics updated) only when its input is on an autodiff device *and* its `training` flag
//!   is enabled; `Module::valid()` and `Module::freeze()` disable the flag.
//! - **LayerNorm** (`LN`) normalises the channels of each pixel of a `[N, C, H, W]` map (what
//!   mmpretrain's `LN2d` does). mmcv's `LN` is `nn.LayerNorm(num_features)`, which normalises the
//!   *last* axis and so cannot apply to a `[N, C, H, W]` map with `C` channels unless `W == C`.

use burn::module::{Param, RunningState};
use burn::nn::{
    BatchNorm, BatchNormConfig, GroupNorm, GroupNormConfig, InstanceNorm, InstanceNormConfig,
    LayerNorm, LayerNormConfig,
};
use burn::tensor::Tensor;
use schemars::JsonSchema;
use serde::Deserialize;

use super::macros::register;
use crate::{BuildContext, BuildError, Buildable, ChannelAffine, NormLayer};

/// The config of `BN` (`BN2d`, `SyncBN`): `nn.BatchNorm2d`'s arguments.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct BatchNormArgs {
    /// Channels; supplied by the layer that owns the norm.
    #[serde(default)]
    pub num_features: Option<usize>,
    /// Added to the variance for numerical stability.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// The running statistics' update rate in `[0, 1]`; `None` (a cumulative average) is not
    /// supported.
    #[serde(default = "default_momentum")]
    pub momentum: Option<f64>,
    /// Learnable weight and bias; only `True` is supported.
    #[serde(default = "yes")]
    pub affine: bool,
    /// Keep running statistics for eval mode; only `True` is supported.
    #[serde(default = "yes")]
    pub track_running_stats: bool,
    /// `False` freezes the weight and bias (mmcv's `build_norm_layer`).
    #[serde(default = "yes")]
    pub requires_grad: bool,
}

/// The config of `GN`: `nn.GroupNorm`'s arguments.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct GroupNormArgs {
    /// The number of groups the channels are split into; must divide the channels.
    pub num_groups: usize,
    /// Channels; supplied by the layer that owns the norm.
    #[serde(default)]
    pub num_features: Option<usize>,
    /// Added to the variance for numerical stability.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// Learnable per-channel weight and bias.
    #[serde(default = "yes")]
    pub affine: bool,
    /// `False` freezes the weight and bias (mmcv's `build_norm_layer`).
    #[serde(default = "yes")]
    pub requires_grad: bool,
}

/// The config of `LN` (`LN2d`): `nn.LayerNorm`'s arguments, over the channels.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct LayerNormArgs {
    /// Channels; supplied by the layer that owns the norm.
    #[serde(default)]
    pub num_features: Option<usize>,
    /// Added to the variance for numerical stability.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// Learnable per-channel weight; only `True` is supported.
    #[serde(default = "yes")]
    pub elementwise_affine: bool,
    /// Learnable per-channel bias.
    #[serde(default = "yes")]
    pub bias: bool,
    /// `False` freezes the weight and bias (mmcv's `build_norm_layer`).
    #[serde(default = "yes")]
    pub requires_grad: bool,
}

/// The config of `IN` (`IN2d`): `nn.InstanceNorm2d`'s arguments.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct InstanceNormArgs {
    /// Channels; supplied by the layer that owns the norm.
    #[serde(default)]
    pub num_features: Option<usize>,
    /// Added to the variance for numerical stability.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// Unused without running statistics, as in PyTorch; must lie in `[0, 1]`.
    #[serde(default = "default_momentum")]
    pub momentum: Option<f64>,
    /// Learnable per-channel weight and bias (PyTorch's default: `False`).
    #[serde(default)]
    pub affine: bool,
    /// Running statistics; only `False` (PyTorch's default) is supported.
    #[serde(default)]
    pub track_running_stats: bool,
    /// `False` freezes the weight and bias (mmcv's `build_norm_layer`).
    #[serde(default = "yes")]
    pub requires_grad: bool,
}

fn default_eps() -> f64 {
    1e-5
}

fn default_momentum() -> Option<f64> {
    Some(0.1)
}

fn yes() -> bool {
    true
}

/// The channel count: the owner's, or `placeholder` for a config built on its own.
fn channels(
    num_features: Option<usize>,
    placeholder: usize,
    ctx: &BuildContext,
) -> Result<usize, BuildError> {
    match num_features {
        Some(channels) => ctx.check_width("num_features", channels),
        None => Ok(placeholder),
    }
}

fn check_eps(eps: f64, ctx: &BuildContext) -> Result<(), BuildError> {
    if eps.is_finite() && eps > 0.0 {
        Ok(())
    } else {
        Err(ctx.invalid("eps", format!("expected a finite eps > 0, got {eps}")))
    }
}

fn check_momentum(momentum: Option<f64>, ctx: &BuildContext) -> Result<f64, BuildError> {
    match momentum {
        Some(momentum) if momentum.is_finite() && (0.0..=1.0).contains(&momentum) => Ok(momentum),
        Some(momentum) => Err(ctx.invalid(
            "momentum",
            format!("expected a momentum in [0, 1], got {momentum}"),
        )),
        None => Err(ctx.invalid(
            "momentum",
            "momentum=None (a cumulative moving average) is not supported: Burn's norm layers \
             update running statistics with a fixed momentum",
        )),
    }
}

/// Freezes `param` unless `requires_grad`; stays lazy.
fn trainable<const D: usize>(param: Param<Tensor<D>>, requires_grad: bool) -> Param<Tensor<D>> {
    if requires_grad {
        param
    } else {
        param.set_require_grad(false)
    }
}

impl Buildable for BatchNorm {
    type Config = BatchNormArgs;

    fn build(config: BatchNormArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let channels = channels(config.num_features, 1, ctx)?;
        check_eps(config.eps, ctx)?;
        let momentum = check_momentum(config.momentum, ctx)?;
        if !config.affine {
            return Err(ctx.invalid(
                "affine",
                "affine=False is not supported: Burn's BatchNorm always has a learnable weight \
                 and bias",
            ));
        }
        if !config.track_running_stats {
            return Err(ctx.invalid(
                "track_running_stats",
                "track_running_stats=False is not supported: Burn's BatchNorm always keeps \
                 running statistics and uses them in eval mode",
            ));
        }
        ctx.declare(
            "BatchNorm's weight, bias and running statistics",
            &[4, channels],
        )?;
        let mut norm = BatchNormConfig::new(channels)
            .with_epsilon(config.eps)
            .with_momentum(momentum)
            .init(ctx.device());
        norm.gamma = trainable(norm.gamma, config.requires_grad);
        norm.beta = trainable(norm.beta, config.requires_grad);
        Ok(norm)
    }
}

impl NormLayer for BatchNorm {
    /// Burn's `BatchNorm::forward`; in training mode through [`flex_conv::batch_norm_train`]
    /// (our kernels on the Flex device, Burn's elsewhere), with Burn's running-state update.
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        match x.device().is_autodiff() && self.training.is_enabled() {
            true => batch_norm_forward_train(self, x),
            false => BatchNorm::forward(self, x),
        }
    }

    /// `γ / √(running_var + ε)` and `β − running_mean · scale`: Burn's inference BatchNorm.
    fn inference_affine(&self) -> Option<ChannelAffine> {
        let scale = self.gamma.val() / self.running_var.value().add_scalar(self.epsilon).sqrt();
        let shift = self.beta.val() - self.running_mean.value() * scale.clone();
        Some(ChannelAffine {
            scale: Some(scale),
            shift: Some(shift),
        })
    }
}

/// Burn's `BatchNorm::forward_train` (batch statistics; running statistics moved towards them
/// by `momentum`, detached), its arithmetic done by [`flex_conv::batch_norm_train`].
///
/// The replicas of multi-device training share one `RunningState`, and on a remote device a
/// tensor is freed by the operation that reads its last reference. A reference read here is
/// released before that read is sent, so if another replica replaced the shared value meanwhile,
/// its free could reach the server first and the read would find nothing. Holding a second
/// reference until the reads are issued makes the last release, and so the free, ours.
fn batch_norm_forward_train(norm: &BatchNorm, x: Tensor<4>) -> Tensor<4> {
    let device = x.device();
    let batch = flex_conv::batch_norm_train(x, norm.gamma.val(), norm.beta.val(), norm.epsilon);
    let update = |state: &RunningState<Tensor<1>>, statistic: Tensor<1>| {
        let running = state.value_sync();
        let held = running.clone();
        let moved = running.to_device(&device).mul_scalar(1.0 - norm.momentum)
            + statistic.detach().mul_scalar(norm.momentum);
        state.update(moved.detach());
        drop(held);
    };
    update(&norm.running_mean, batch.mean);
    update(&norm.running_var, batch.variance);
    batch.output
}

impl Buildable for GroupNorm {
    type Config = GroupNormArgs;

    fn build(config: GroupNormArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.num_groups == 0 {
            return Err(ctx.invalid("num_groups", "expected at least one group, got 0"));
        }
        let channels = channels(config.num_features, config.num_groups, ctx)?;
        if channels % config.num_groups != 0 {
            return Err(ctx.invalid(
                "num_groups",
                format!(
                    "{} groups do not divide {channels} channels",
                    config.num_groups
                ),
            ));
        }
        check_eps(config.eps, ctx)?;
        ctx.declare("GroupNorm's weight and bias", &[2, channels])?;
        let mut norm = GroupNormConfig::new(config.num_groups, channels)
            .with_epsilon(config.eps)
            .with_affine(config.affine)
            .init(ctx.device());
        norm.gamma = norm
            .gamma
            .map(|gamma| trainable(gamma, config.requires_grad));
        norm.beta = norm.beta.map(|beta| trainable(beta, config.requires_grad));
        Ok(norm)
    }
}

impl NormLayer for GroupNorm {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        GroupNorm::forward(self, x)
    }
}

impl Buildable for LayerNorm {
    type Config = LayerNormArgs;

    fn build(config: LayerNormArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let channels = channels(config.num_features, 1, ctx)?;
        check_eps(config.eps, ctx)?;
        if !config.elementwise_affine {
            return Err(ctx.invalid(
                "elementwise_affine",
                "elementwise_affine=False is not supported: Burn's LayerNorm always has a \
                 learnable weight",
            ));
        }
        ctx.declare("LayerNorm's weight and bias", &[2, channels])?;
        let mut norm = LayerNormConfig::new(channels)
            .with_epsilon(config.eps)
            .with_bias(config.bias)
            .init(ctx.device());
        norm.gamma = trainable(norm.gamma, config.requires_grad);
        norm.beta = norm.beta.map(|beta| trainable(beta, config.requires_grad));
        Ok(norm)
    }
}

impl NormLayer for LayerNorm {
    /// Normalises the channels of each pixel: `[N, C, H, W]` is permuted to `[N, H, W, C]`,
    /// normalised over its last axis and permuted back.
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        LayerNorm::forward(self, x.permute([0, 2, 3, 1])).permute([0, 3, 1, 2])
    }
}

impl Buildable for InstanceNorm {
    type Config = InstanceNormArgs;

    fn build(config: InstanceNormArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let channels = channels(config.num_features, 1, ctx)?;
        check_eps(config.eps, ctx)?;
        check_momentum(config.momentum, ctx)?;
        if config.track_running_stats {
            return Err(ctx.invalid(
                "track_running_stats",
                "track_running_stats=True is not supported: Burn's InstanceNorm normalises with \
                 the statistics of each instance, in training and eval mode alike",
            ));
        }
        ctx.declare("InstanceNorm's weight and bias", &[2, channels])?;
        let mut norm = InstanceNormConfig::new(channels)
            .with_epsilon(config.eps)
            .with_affine(config.affine)
            .init(ctx.device());
        norm.gamma = norm
            .gamma
            .map(|gamma| trainable(gamma, config.requires_grad));
        norm.beta = norm.beta.map(|beta| trainable(beta, config.requires_grad));
        Ok(norm)
    }
}

impl NormLayer for InstanceNorm {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        InstanceNorm::forward(self, x)
    }
}

register!(
    NORM_LAYERS,
    BatchNorm,
    "burn::nn::BatchNorm",
    name = "BN",
    aliases = ["BN2d", "SyncBN"],
    doc = "Batch normalisation (`nn.BatchNorm2d`; `SyncBN` is plain BatchNorm on one device).",
);

register!(
    NORM_LAYERS,
    GroupNorm,
    "burn::nn::GroupNorm",
    name = "GN",
    aliases = [],
    doc = "Group normalisation (`nn.GroupNorm`).",
);

register!(
    NORM_LAYERS,
    LayerNorm,
    "burn::nn::LayerNorm",
    name = "LN",
    aliases = ["LN2d"],
    doc = "Layer normalisation over the channels of each pixel.",
);

register!(
    NORM_LAYERS,
    InstanceNorm,
    "burn::nn::InstanceNorm",
    name = "IN",
    aliases = ["IN2d"],
    doc = "Instance normalisation (`nn.InstanceNorm2d`).",
);
