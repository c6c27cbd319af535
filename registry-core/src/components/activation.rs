//! [`Activation`]: an activation chosen by `act_cfg`.

use burn::tensor::Tensor;

use crate::erased::DynModule;

/// An element-wise activation over feature maps, built from an mmcv `act_cfg`
/// (`dict(type='ReLU')`). Registered in [`ACTIVATIONS`](crate::ACTIVATIONS).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an activation: entries of ACTIVATIONS must implement `registry_core::Activation`",
    label = "`{Self}` does not implement `Activation`"
)]
pub trait Activation: DynModule<ActivationKind> {
    /// Applies the activation.
    fn forward(&self, x: Tensor<4>) -> Tensor<4>;
}

crate::erased_module!(dyn Activation, kind = ActivationKind);
