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

    /// What [`forward`](Self::forward) computes on a device without autodiff, as a
    /// per-channel affine map, when it is one (an eval-mode BatchNorm: `x·scale + shift`); a
    /// convolution before it can then apply it in its own pass. `None` (the default): the
    /// norm must run as itself.
    fn inference_affine(&self) -> Option<ChannelAffine> {
        None
    }
}

/// A per-channel affine map `x·scale + shift` over `[N, C, H, W]`; a missing part is the
/// identity (scale 1, shift 0).
#[derive(Debug, Clone, Default)]
pub struct ChannelAffine {
    /// `[C]` factors.
    pub scale: Option<Tensor<1>>,
    /// `[C]` offsets, added after `scale`.
    pub shift: Option<Tensor<1>>,
}

crate::erased_module!(dyn NormLayer, kind = NormKind);
