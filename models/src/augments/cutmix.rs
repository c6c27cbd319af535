//! [`CutMix`]: a box of each image replaced by the same box of another.

use std::ops::Range;

use burn::tensor::{Int, Tensor};
use rand::RngExt;
use rand::rngs::StdRng;
use rand_distr::{Beta, Distribution};
use registry_core::{
    BATCH_AUGMENTS, BatchAugment, BuildContext, BuildError, Buildable, Targets, register_module,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::mixup::check_alpha;
use super::random::{SharedRng, permutation};

/// The config of `CutMix`, mmpretrain's arguments and defaults.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct CutMixConfig {
    /// `λ ~ Beta(alpha, alpha)` sets the box area (`1 - λ` of the image); `alpha > 0`.
    pub alpha: f64,
    /// `[min, max]` ratios of the box's sides to the image's, drawn uniformly; replaces the
    /// `alpha` rule for the box when given.
    #[serde(default)]
    pub cutmix_minmax: Option<Vec<f64>>,
    /// Recompute `λ` from the box actually pasted (clipped by the borders).
    #[serde(default = "yes")]
    pub correct_lam: bool,
}

fn yes() -> bool {
    true
}

/// CutMix (mmpretrain's `CutMix`): draws `λ ~ Beta(α, α)`, a box and a permutation `π` of the
/// batch, pastes the box of `x[π]` into `x`, and mixes the targets `λ y + (1 - λ) y[π]`, with
/// `λ` corrected to the pasted area (with `correct_lam` or `cutmix_minmax`).
#[register_module(BATCH_AUGMENTS)]
#[derive(Debug, Clone)]
pub struct CutMix {
    /// `α` of the Beta distribution.
    pub alpha: f64,
    /// `[min, max]` side ratios of the box, if given.
    pub cutmix_minmax: Option<(f64, f64)>,
    /// Correct `λ` to the pasted area.
    pub correct_lam: bool,
    rng: SharedRng,
}

impl Buildable for CutMix {
    type Config = CutMixConfig;

    fn build(config: CutMixConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        check_alpha(config.alpha, ctx)?;
        let cutmix_minmax = match config.cutmix_minmax.as_deref() {
            None => None,
            Some(&[min, max]) if (0.0..=1.0).contains(&min) && min < max && max <= 1.0 => {
                Some((min, max))
            }
            Some(other) => {
                return Err(ctx.invalid(
                    "cutmix_minmax",
                    format!("expected [min, max] with 0 ≤ min < max ≤ 1, got {other:?}"),
                ));
            }
        };
        Ok(CutMix {
            alpha: config.alpha,
            cutmix_minmax,
            correct_lam: config.correct_lam,
            rng: SharedRng::from_thread_rng(),
        })
    }
}

/// numpy's `randint(low, high)`, `low` when the range is empty.
fn randint(rng: &mut StdRng, low: usize, high: usize) -> usize {
    if low < high {
        rng.random_range(low..high)
    } else {
        low
    }
}

/// A box: rows and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutBox {
    /// Rows `y1..y2`.
    pub rows: Range<usize>,
    /// Columns `x1..x2`.
    pub cols: Range<usize>,
}

impl CutBox {
    fn area(&self) -> usize {
        self.rows.len() * self.cols.len()
    }
}

impl CutMix {
    /// CutMix with `alpha` and mmpretrain's defaults (`cutmix_minmax=None`,
    /// `correct_lam=True`), seeded from the thread RNG.
    ///
    /// # Panics
    ///
    /// Unless `alpha` is finite and positive (a config with another is an error instead).
    pub fn new(alpha: f64) -> Self {
        assert!(
            alpha.is_finite() && alpha > 0.0,
            "CutMix needs alpha > 0, got {alpha}"
        );
        CutMix {
            alpha,
            cutmix_minmax: None,
            correct_lam: true,
            rng: SharedRng::from_thread_rng(),
        }
    }

    /// The same CutMix drawing from a generator seeded with `seed`.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.rng = SharedRng::seeded(seed);
        self
    }

    /// The box and the corrected `λ` for an image of `height × width` and a drawn `lam`
    /// (mmpretrain's `cutmix_bbox_and_lam`).
    pub fn bbox_and_lam(
        &self,
        height: usize,
        width: usize,
        lam: f64,
        rng: &mut StdRng,
    ) -> (CutBox, f64) {
        let cut_box = match self.cutmix_minmax {
            Some((min, max)) => {
                let cut_h = randint(
                    rng,
                    (height as f64 * min) as usize,
                    (height as f64 * max) as usize,
                );
                let cut_w = randint(
                    rng,
                    (width as f64 * min) as usize,
                    (width as f64 * max) as usize,
                );
                let y = randint(rng, 0, height - cut_h);
                let x = randint(rng, 0, width - cut_w);
                CutBox {
                    rows: y..y + cut_h,
                    cols: x..x + cut_w,
                }
            }
            None => {
                let ratio = (1.0 - lam).sqrt();
                let cut_h = (height as f64 * ratio) as usize;
                let cut_w = (width as f64 * ratio) as usize;
                let cy = randint(rng, 0, height);
                let cx = randint(rng, 0, width);
                CutBox {
                    rows: cy.saturating_sub(cut_h / 2)..(cy + cut_h / 2).min(height),
                    cols: cx.saturating_sub(cut_w / 2)..(cx + cut_w / 2).min(width),
                }
            }
        };
        let lam = if self.correct_lam || self.cutmix_minmax.is_some() {
            1.0 - cut_box.area() as f64 / (height * width) as f64
        } else {
            lam
        };
        (cut_box, lam)
    }
}

impl BatchAugment for CutMix {
    fn apply(
        &self,
        images: Tensor<4>,
        targets: &Targets,
        num_classes: usize,
    ) -> (Tensor<4>, Tensor<2>) {
        let [batch, channels, height, width] = images.dims();
        let scores = targets.to_scores(num_classes).to_device(&images.device());
        let beta = Beta::new(self.alpha, self.alpha).expect("alpha > 0, checked when built");
        let (index, cut_box, lam) = self.rng.with(|rng| {
            let lam = beta.sample(rng);
            let index = permutation(batch, rng);
            let (cut_box, lam) = self.bbox_and_lam(height, width, lam, rng);
            (index, cut_box, lam)
        });
        let index = Tensor::<1, Int>::from_ints(index.as_slice(), &images.device());
        let images = if cut_box.area() > 0 {
            let region = [
                0..batch,
                0..channels,
                cut_box.rows.clone(),
                cut_box.cols.clone(),
            ];
            let pasted = images
                .clone()
                .select(0, index.clone())
                .slice(region.clone());
            images.slice_assign(region, pasted)
        } else {
            images
        };
        let scores = scores.clone().mul_scalar(lam) + scores.select(0, index).mul_scalar(1.0 - lam);
        (images, scores)
    }
}
