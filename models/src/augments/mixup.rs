//! [`Mixup`]: convex combinations of images and their targets.

use burn::tensor::{Int, Tensor};
use rand_distr::{Beta, Distribution};
use registry_core::{
    BATCH_AUGMENTS, BatchAugment, BuildContext, BuildError, Buildable, Targets, register_module,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::random::{SharedRng, permutation};

/// The config of `Mixup`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct MixupConfig {
    /// The mixing ratio is drawn from `Beta(alpha, alpha)`; `alpha > 0`.
    pub alpha: f64,
}

/// Mixup (mmpretrain's `Mixup`): draws `λ ~ Beta(α, α)` and a permutation `π` of the batch,
/// and returns `λ x + (1 - λ) x[π]` with targets `λ y + (1 - λ) y[π]`.
#[register_module(BATCH_AUGMENTS)]
#[derive(Debug, Clone)]
pub struct Mixup {
    /// `α` of the Beta distribution.
    pub alpha: f64,
    rng: SharedRng,
}

/// Checks `alpha`, as mmpretrain asserts it.
pub(crate) fn check_alpha(alpha: f64, ctx: &BuildContext) -> Result<(), BuildError> {
    if alpha.is_finite() && alpha > 0.0 {
        Ok(())
    } else {
        Err(ctx.invalid("alpha", format!("expected alpha > 0, got {alpha}")))
    }
}

impl Buildable for Mixup {
    type Config = MixupConfig;

    fn build(config: MixupConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        check_alpha(config.alpha, ctx)?;
        Ok(Mixup::new(config.alpha))
    }
}

impl Mixup {
    /// Mixup with `alpha`, seeded from the thread RNG.
    ///
    /// # Panics
    ///
    /// Unless `alpha` is finite and positive (a config with another is an error instead).
    pub fn new(alpha: f64) -> Self {
        assert!(
            alpha.is_finite() && alpha > 0.0,
            "Mixup needs alpha > 0, got {alpha}"
        );
        Mixup {
            alpha,
            rng: SharedRng::from_thread_rng(),
        }
    }

    /// The same Mixup drawing from a generator seeded with `seed`.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.rng = SharedRng::seeded(seed);
        self
    }

    /// Draws `λ` and the permutation for a batch of `n`.
    fn draw(&self, n: usize) -> (f64, Vec<i64>) {
        let beta = Beta::new(self.alpha, self.alpha).expect("alpha > 0, checked when built");
        self.rng.with(|rng| (beta.sample(rng), permutation(n, rng)))
    }

    /// Mixes `images` and `scores` with ratio `lam` and permutation `index`.
    pub fn mix(
        images: Tensor<4>,
        scores: Tensor<2>,
        lam: f64,
        index: &[i64],
    ) -> (Tensor<4>, Tensor<2>) {
        let index = Tensor::<1, Int>::from_ints(index, &images.device());
        let mixed_images =
            images.clone().mul_scalar(lam) + images.select(0, index.clone()).mul_scalar(1.0 - lam);
        let mixed_scores =
            scores.clone().mul_scalar(lam) + scores.select(0, index).mul_scalar(1.0 - lam);
        (mixed_images, mixed_scores)
    }
}

impl BatchAugment for Mixup {
    fn apply(
        &self,
        images: Tensor<4>,
        targets: &Targets,
        num_classes: usize,
    ) -> (Tensor<4>, Tensor<2>) {
        let scores = targets.to_scores(num_classes).to_device(&images.device());
        let (lam, index) = self.draw(images.dims()[0]);
        Mixup::mix(images, scores, lam, &index)
    }
}
