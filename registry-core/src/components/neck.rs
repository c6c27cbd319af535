//! [`Neck`]: feature maps in, pooled features out.

use burn::tensor::Tensor;

use crate::erased::DynModule;
use crate::init::{InitContext, InitError};

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

    /// Applies the component's `init_cfg` (and its children's), as mmengine's `init_weights`;
    /// `Pretrained` entries load their checkpoints here, never when the model is built. The
    /// default, for components without `init_cfg`, does nothing.
    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        let _ = ctx;
        Ok(())
    }
}

crate::erased_module!(dyn Neck, kind = NeckKind);
