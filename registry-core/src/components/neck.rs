//! [`Neck`]: feature maps in, pooled features out.

use burn::tensor::Tensor;

use crate::erased::DynModule;

/// Turns a backbone's feature maps `[N, C, H, W]` into feature vectors `[N, C']`, one per map
/// (mmpretrain's necks, e.g. `GlobalAveragePooling`). Registered in [`NECKS`](crate::NECKS).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a neck: entries of NECKS must implement `registry_core::Neck`",
    label = "`{Self}` does not implement `Neck`"
)]
pub trait Neck: DynModule<NeckKind> {
    /// The features of each map.
    fn forward(&self, features: Vec<Tensor<4>>) -> Vec<Tensor<2>>;

    /// The channels out, given the channels of each map in.
    fn out_channels(&self, in_channels: &[usize]) -> Vec<usize>;
}

crate::erased_module!(dyn Neck, kind = NeckKind);
