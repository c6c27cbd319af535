//! [`NormLayer`]: a normalisation layer chosen by `norm_cfg`.

use burn::tensor::Tensor;

use crate::erased::DynModule;

/// A normalisation layer over feature maps `[N, C, H, W]`, built from an mmcv `norm_cfg`
/// (`dict(type='BN', requires_grad=True)`) with `num_features` supplied by the layer that owns
/// it. Registered in [`NORM_LAYERS`](crate::NORM_LAYERS).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a norm layer: entries of NORM_LAYERS must implement `registry_core::NormLayer`",
    label = "`{Self}` does not implement `NormLayer`"
)]
pub trait NormLayer: DynModule<NormKind> {
    /// Normalises `x`.
    fn forward(&self, x: Tensor<4>) -> Tensor<4>;
}

crate::erased_module!(dyn NormLayer, kind = NormKind);
