//! [`IdentityNorm`]: where a folded BatchNorm was.

use burn::module::Module;
use burn::tensor::Tensor;
use registry_core::{ChannelAffine, NormLayer};

/// A norm layer that returns its input unchanged: a BatchNorm once folded into the
/// convolution before it. It has no parameters.
#[derive(Module, Debug, Default)]
pub struct IdentityNorm {}

impl NormLayer for IdentityNorm {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        x
    }

    fn inference_affine(&self) -> Option<ChannelAffine> {
        Some(ChannelAffine::default())
    }
}
