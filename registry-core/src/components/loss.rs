//! [`Loss`]: logits and targets in, a scalar loss out.

use burn::tensor::Tensor;

use super::targets::Targets;
use crate::erased::DynModule;

/// A loss of logits `[N, num_classes]` against targets, reduced to shape `[1]`
/// (mmpretrain's `CrossEntropyLoss`, `LabelSmoothLoss`). Registered in [`LOSSES`](crate::LOSSES).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a loss: entries of LOSSES must implement `registry_core::Loss`",
    label = "`{Self}` does not implement `Loss`"
)]
pub trait Loss: DynModule<LossKind> {
    /// The loss, weighted by the loss's `loss_weight`.
    fn forward(&self, logits: Tensor<2>, targets: &Targets) -> Tensor<1>;
}

crate::erased_module!(dyn Loss, kind = LossKind);
