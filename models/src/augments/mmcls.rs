//! mmcls 0.x's batch augments, `BatchMixup` and `BatchCutMix` (`mmcls/models/utils/augment/`),
//! for configs written for 0.x: the 1.x [`Mixup`] and [`CutMix`] with 0.x's arguments, picked
//! with probability `prob` (0.x's `Augments`; see [`RandomBatchAugment`](super::RandomBatchAugment)).

use burn::tensor::Tensor;
use registry_core::{
    BATCH_AUGMENTS, BatchAugment, BuildContext, BuildError, Buildable, Targets, register_module,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::cutmix::{CutMix, CutMixConfig};
use super::mixup::{Mixup, MixupConfig};

fn one() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}

/// Checks 0.x's `num_classes` and `prob`, as its layers assert them.
fn check(num_classes: i64, prob: f64, ctx: &BuildContext) -> Result<f64, BuildError> {
    if num_classes <= 0 {
        return Err(ctx.invalid(
            "num_classes",
            format!("expected a positive number of classes, got {num_classes}"),
        ));
    }
    if !(0.0..=1.0).contains(&prob) {
        return Err(ctx.invalid(
            "prob",
            format!("expected a probability in [0, 1], got {prob}"),
        ));
    }
    Ok(prob)
}

/// The config of `BatchMixup` (mmcls 0.x).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct BatchMixupConfig {
    /// The mixing ratio is drawn from `Beta(alpha, alpha)`; `alpha > 0`.
    pub alpha: f64,
    /// The classes of the one-hot targets (the head's are used: 0.x needs them equal).
    pub num_classes: i64,
    /// How often this augment is picked for a batch.
    #[serde(default = "one")]
    pub prob: f64,
}

/// mmcls 0.x's `BatchMixup`: [`Mixup`], picked with probability `prob`.
#[register_module(BATCH_AUGMENTS)]
#[derive(Debug, Clone)]
pub struct BatchMixup {
    mixup: Mixup,
    prob: f64,
}

impl Buildable for BatchMixup {
    type Config = BatchMixupConfig;

    fn build(config: BatchMixupConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let prob = check(config.num_classes, config.prob, ctx)?;
        let mixup = Mixup::build(
            MixupConfig {
                alpha: config.alpha,
            },
            ctx,
        )?;
        Ok(BatchMixup { mixup, prob })
    }
}

impl BatchAugment for BatchMixup {
    fn apply(
        &self,
        images: Tensor<4>,
        targets: &Targets,
        num_classes: usize,
    ) -> (Tensor<4>, Tensor<2>) {
        self.mixup.apply(images, targets, num_classes)
    }

    fn mmcls_prob(&self) -> Option<f64> {
        Some(self.prob)
    }
}

/// The config of `BatchCutMix` (mmcls 0.x).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct BatchCutMixConfig {
    /// `λ ~ Beta(alpha, alpha)` sets the box area (`1 - λ` of the image); `alpha > 0`.
    pub alpha: f64,
    /// The classes of the one-hot targets (the head's are used: 0.x needs them equal).
    pub num_classes: i64,
    /// How often this augment is picked for a batch.
    #[serde(default = "one")]
    pub prob: f64,
    /// `[min, max]` ratios of the box's sides to the image's, replacing the `alpha` rule.
    #[serde(default)]
    pub cutmix_minmax: Option<Vec<f64>>,
    /// Recompute `λ` from the box actually pasted (clipped by the borders).
    #[serde(default = "yes")]
    pub correct_lam: bool,
}

/// mmcls 0.x's `BatchCutMix`: [`CutMix`], picked with probability `prob`.
#[register_module(BATCH_AUGMENTS)]
#[derive(Debug, Clone)]
pub struct BatchCutMix {
    cutmix: CutMix,
    prob: f64,
}

impl Buildable for BatchCutMix {
    type Config = BatchCutMixConfig;

    fn build(config: BatchCutMixConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let prob = check(config.num_classes, config.prob, ctx)?;
        let cutmix = CutMix::build(
            CutMixConfig {
                alpha: config.alpha,
                cutmix_minmax: config.cutmix_minmax,
                correct_lam: config.correct_lam,
            },
            ctx,
        )?;
        Ok(BatchCutMix { cutmix, prob })
    }
}

impl BatchAugment for BatchCutMix {
    fn apply(
        &self,
        images: Tensor<4>,
        targets: &Targets,
        num_classes: usize,
    ) -> (Tensor<4>, Tensor<2>) {
        self.cutmix.apply(images, targets, num_classes)
    }

    fn mmcls_prob(&self) -> Option<f64> {
        Some(self.prob)
    }
}
