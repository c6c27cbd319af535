//! [`BatchAugment`]: a training-batch transform such as Mixup.

use burn::tensor::Tensor;

use super::targets::Targets;

/// Blends a training batch and its targets (mmpretrain's `Mixup`, `CutMix`), chosen by the
/// classifier's `train_cfg.augments`. Registered in [`BATCH_AUGMENTS`](crate::BATCH_AUGMENTS).
/// Augments hold no parameters, so they are plain `Clone` types rather than modules.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a batch augment: entries of BATCH_AUGMENTS must implement `registry_core::BatchAugment`",
    label = "`{Self}` does not implement `BatchAugment`"
)]
pub trait BatchAugment: CloneBatchAugment + Send + Sync + std::fmt::Debug + 'static {
    /// The augmented images and their score targets `[N, num_classes]`.
    fn apply(
        &self,
        images: Tensor<4>,
        targets: &Targets,
        num_classes: usize,
    ) -> (Tensor<4>, Tensor<2>);

    /// mmcls 0.x's `prob` of an augment (`BatchMixup`, `BatchCutMix`): how often 0.x's
    /// `Augments` picks it, the rest going to no augment. `None` (the default) for mmpretrain
    /// 1.x's augments, which `train_cfg.probs` picks among.
    fn mmcls_prob(&self) -> Option<f64> {
        None
    }
}

/// Cloning behind `Box<dyn BatchAugment>`; implemented for every `Clone` augment.
pub trait CloneBatchAugment {
    /// A boxed copy.
    fn clone_box(&self) -> Box<dyn BatchAugment>;
}

impl<T: BatchAugment + Clone> CloneBatchAugment for T {
    fn clone_box(&self) -> Box<dyn BatchAugment> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn BatchAugment> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

impl<T: BatchAugment> crate::Upcast<T> for Box<dyn BatchAugment> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}
