//! [`Backbone`]: images in, one feature map per output stage out.

use burn::tensor::Tensor;

use crate::erased::DynModule;
use crate::init::{InitContext, InitError};

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

    /// The channels of the images it takes (`in_channels`), where known: callers check their
    /// inputs against it before a forward. The default, `None`, checks nothing.
    fn in_channels(&self) -> Option<usize> {
        None
    }

    /// Applies the component's `init_cfg` (and its children's), as mmengine's `init_weights`;
    /// `Pretrained` entries load their checkpoints here, never when the model is built. The
    /// default, for components without `init_cfg`, does nothing.
    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        let _ = ctx;
        Ok(())
    }

    /// The backbone for inference with each BatchNorm folded into the convolution before it
    /// (mmcv's `fuse_conv_bn`); its outputs equal those of the unfused backbone in eval mode.
    /// The default returns a copy unchanged.
    fn fuse_conv_bn(&self) -> Box<dyn Backbone> {
        self.clone_dyn()
    }
}

crate::erased_module!(dyn Backbone, kind = BackboneKind);
