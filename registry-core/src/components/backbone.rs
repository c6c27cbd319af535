//! [`Backbone`]: images in, one feature map per output stage out.

use burn::tensor::Tensor;

use crate::erased::DynModule;

/// Turns images `[N, C, H, W]` into feature maps, one per entry of its `out_indices`,
/// shallowest first (mmpretrain's `BaseBackbone`). Registered in [`BACKBONES`](crate::BACKBONES).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a backbone: entries of BACKBONES must implement `registry_core::Backbone`",
    label = "`{Self}` does not implement `Backbone`"
)]
pub trait Backbone: DynModule<BackboneKind> {
    /// The feature maps of the output stages.
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>>;

    /// The channels of each feature map [`forward`](Backbone::forward) returns, in order.
    fn out_channels(&self) -> Vec<usize>;
}

crate::erased_module!(dyn Backbone, kind = BackboneKind);
