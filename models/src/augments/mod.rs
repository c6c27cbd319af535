//! Batch augments for `train_cfg.augments` (mmpretrain's `Mixup`, `CutMix` and
//! `RandomBatchAugment`; mmcls 0.x's `BatchMixup` and `BatchCutMix`), registered in
//! `BATCH_AUGMENTS`. They mix a training batch and return score targets.
//!
//! Sampling (mixing ratios, permutations, boxes) uses a random generator seeded from the
//! thread RNG when an augment is built; [`Mixup::with_seed`], [`CutMix::with_seed`] and
//! [`RandomBatchAugment::with_seed`] make it reproducible.

mod cutmix;
mod mixup;
mod mmcls;
mod random;

pub use cutmix::{CutMix, CutMixConfig};
pub use mixup::{Mixup, MixupConfig};
pub use mmcls::{BatchCutMix, BatchCutMixConfig, BatchMixup, BatchMixupConfig};
pub use random::{RandomBatchAugment, SharedRng};
