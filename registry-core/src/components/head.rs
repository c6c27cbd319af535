//! [`Head`]: features in, class scores and losses out.

use burn::tensor::Tensor;

use super::model::{LossOutput, Prediction};
use super::targets::Targets;
use crate::erased::DynModule;
use crate::init::{InitContext, InitError};

/// Turns features `[N, C]` into logits `[N, num_classes]`, and logits and targets into losses
/// (mmpretrain's `ClsHead`). Registered in [`HEADS`](crate::HEADS).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a head: entries of HEADS must implement `registry_core::Head`",
    label = "`{Self}` does not implement `Head`"
)]
pub trait Head: DynModule<HeadKind> {
    /// Logits from the neck's features (mmpretrain's heads use the last).
    fn forward(&self, features: Vec<Tensor<2>>) -> Tensor<2>;

    /// The training losses (and logged metrics such as accuracy) of `logits` against `targets`.
    fn loss(&self, logits: Tensor<2>, targets: &Targets) -> LossOutput;

    /// Scores and predicted labels from logits.
    fn predict(&self, logits: Tensor<2>) -> Prediction;

    /// The feature channels the head expects.
    fn in_channels(&self) -> usize;

    /// The number of classes.
    fn num_classes(&self) -> usize;

    /// Applies the component's `init_cfg` (and its children's), as mmengine's `init_weights`;
    /// `Pretrained` entries load their checkpoints here, never when the model is built. The
    /// default, for components without `init_cfg`, does nothing.
    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        let _ = ctx;
        Ok(())
    }
}

crate::erased_module!(dyn Head, kind = HeadKind);
