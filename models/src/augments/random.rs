//! [`RandomBatchAugment`] (one of several augments, by probability) and [`SharedRng`].

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use burn::tensor::Tensor;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use registry_core::{BATCH_AUGMENTS, BatchAugment, BuildContext, BuildError, Targets};
use serde_json::Value;

/// A random generator shared by the clones of an augment.
#[derive(Clone)]
pub struct SharedRng(Arc<Mutex<StdRng>>);

impl fmt::Debug for SharedRng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedRng")
    }
}

impl SharedRng {
    /// A generator seeded from the thread RNG.
    pub fn from_thread_rng() -> Self {
        Self::seeded(rand::rng().random())
    }

    /// A generator seeded with `seed`.
    pub fn seeded(seed: u64) -> Self {
        SharedRng(Arc::new(Mutex::new(StdRng::seed_from_u64(seed))))
    }

    /// Runs `f` with the generator.
    pub fn with<R>(&self, f: impl FnOnce(&mut StdRng) -> R) -> R {
        let mut rng = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut rng)
    }
}

/// Applies one of its augments to each batch, chosen at random (mmpretrain's
/// `RandomBatchAugment`): evenly without `probs`; with `probs`, augment `i` with probability
/// `probs[i]` and none with the rest, `1 - Σ probs`. mmcls 0.x's augments (`BatchMixup`,
/// `BatchCutMix`) without `probs` are picked by their own `prob`, as 0.x's `Augments`.
#[derive(Debug, Clone)]
pub struct RandomBatchAugment {
    /// The augments.
    pub augments: Vec<Box<dyn BatchAugment>>,
    /// Their probabilities, if given.
    pub probs: Option<Vec<f64>>,
    rng: SharedRng,
}

impl RandomBatchAugment {
    /// Builds the augments of `augments` (a dict or a list of dicts, at key `augments`) with
    /// `probs` (`None`, a number or a list, at key `probs`), checking them as mmpretrain does
    /// (and, for mmcls 0.x's augments, their `prob`s as 0.x's `Augments` does).
    pub fn build(
        augments: &Value,
        probs: &Value,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        let built: Vec<Box<dyn BatchAugment>> = match augments {
            Value::Array(items) => ctx.nested("augments", |ctx| {
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| ctx.build(&BATCH_AUGMENTS, index, item))
                    .collect::<Result<_, _>>()
            })?,
            other => vec![ctx.build(&BATCH_AUGMENTS, "augments", other)?],
        };
        if built.is_empty() {
            return Err(ctx.invalid("augments", "expected at least one augment"));
        }
        let probs = match (read_probs(probs, ctx)?, mmcls_probs(&built, ctx)?) {
            (Some(probs), _) => Some(check_probs(probs, built.len(), "probs", ctx)?),
            (None, Some(probs)) => Some(check_probs(probs, built.len(), "augments", ctx)?),
            (None, None) => None,
        };
        Ok(RandomBatchAugment {
            augments: built,
            probs,
            rng: SharedRng::from_thread_rng(),
        })
    }

    /// The same augments choosing with a generator seeded with `seed`.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.rng = SharedRng::seeded(seed);
        self
    }

    /// Which augment to apply to the next batch, if any.
    fn choose(&self) -> Option<usize> {
        let count = self.augments.len();
        self.rng.with(|rng| match &self.probs {
            None => Some(rng.random_range(0..count)),
            Some(probs) => {
                let draw: f64 = rng.random();
                let mut total = 0.0;
                for (index, p) in probs.iter().enumerate() {
                    total += p;
                    if draw < total {
                        return Some(index);
                    }
                }
                None
            }
        })
    }

    /// The batch, augmented by the chosen augment (or not), and its score targets.
    pub fn apply(
        &self,
        images: Tensor<4>,
        targets: &Targets,
        num_classes: usize,
    ) -> (Tensor<4>, Tensor<2>) {
        match self.choose() {
            Some(index) => self.augments[index].apply(images, targets, num_classes),
            None => {
                let scores = targets.to_scores(num_classes).to_device(&images.device());
                (images, scores)
            }
        }
    }
}

/// `probs` as given: `None`, a number or a list of numbers.
fn read_probs(probs: &Value, ctx: &BuildContext) -> Result<Option<Vec<f64>>, BuildError> {
    match probs {
        Value::Null => Ok(None),
        Value::Number(number) => Ok(Some(vec![number.as_f64().unwrap_or(f64::NAN)])),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                item.as_f64()
                    .ok_or_else(|| crate::invalid_item(ctx, "probs", index, "expected a number"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        _ => Err(ctx.invalid("probs", "expected a number or a list of numbers")),
    }
}

/// mmcls 0.x's choice: each augment's own `prob` (its `Augments`), when every augment is a 0.x
/// one; `None` when none is; an error for a mix, which neither version defines.
fn mmcls_probs(
    augments: &[Box<dyn BatchAugment>],
    ctx: &BuildContext,
) -> Result<Option<Vec<f64>>, BuildError> {
    let probs: Vec<Option<f64>> = augments.iter().map(|a| a.mmcls_prob()).collect();
    if probs.iter().all(Option::is_none) {
        return Ok(None);
    }
    probs
        .into_iter()
        .collect::<Option<Vec<f64>>>()
        .map(Some)
        .ok_or_else(|| {
            ctx.invalid(
                "augments",
                "mmcls 0.x augments (BatchMixup, BatchCutMix) are picked by their own `prob` and \
             1.x ones (Mixup, CutMix) by `probs`: use one kind, or give `probs`",
            )
        })
}

/// Checks probabilities for `count` augments; errors name `key`.
fn check_probs(
    probs: Vec<f64>,
    count: usize,
    key: &str,
    ctx: &BuildContext,
) -> Result<Vec<f64>, BuildError> {
    if probs.len() != count {
        return Err(ctx.invalid(
            key,
            format!(
                "`augments` and `probs` must have the same length, got {count} vs {}",
                probs.len()
            ),
        ));
    }
    if let Some(index) = probs.iter().position(|p| !(p.is_finite() && *p >= 0.0)) {
        return Err(crate::invalid_item(
            ctx,
            key,
            index,
            "expected a probability ≥ 0",
        ));
    }
    let total: f64 = probs.iter().sum();
    if total > 1.0 + 1e-9 {
        return Err(ctx.invalid(
            key,
            format!("the total probability of batch augments exceeds 1 ({total})"),
        ));
    }
    Ok(probs)
}

/// A random permutation of `0..n` as an index tensor.
pub(crate) fn permutation(n: usize, rng: &mut StdRng) -> Vec<i64> {
    use rand::seq::SliceRandom;
    let mut index: Vec<i64> = (0..n as i64).collect();
    index.shuffle(rng);
    index
}
