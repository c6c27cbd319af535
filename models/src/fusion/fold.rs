//! Folding a BatchNorm into the convolution before it.

use burn::module::Param;
use burn::nn::BatchNorm;
use burn::nn::conv::Conv2d;
use burn::tensor::Tensor;
use registry_core::NormLayer;

use super::identity::IdentityNorm;

/// The convolution computing `bn(conv(x))` in eval mode: its weight scaled by
/// `γ / √(running_var + ε)` per output channel, and a bias `(b − running_mean) · γ / √(running_var + ε) + β`.
pub fn fold_batch_norm(conv: &Conv2d, bn: &BatchNorm) -> Conv2d {
    let weight = conv.weight.val();
    let [out_channels, ..] = weight.dims();
    let scale = bn.gamma.val() / (bn.running_var.value_sync().add_scalar(bn.epsilon)).sqrt();
    let bias = match &conv.bias {
        Some(bias) => bias.val(),
        None => Tensor::zeros([out_channels], &weight.device()),
    };
    let folded_bias = (bias - bn.running_mean.value_sync()) * scale.clone() + bn.beta.val();
    let folded_weight = weight * scale.reshape([out_channels, 1, 1, 1]);
    let mut fused = conv.clone();
    fused.weight = Param::from_tensor(folded_weight);
    fused.bias = Some(Param::from_tensor(folded_bias));
    fused
}

/// A (convolution, norm) pair for inference: the BatchNorm folded into the convolution and
/// replaced by an [`IdentityNorm`]; any other norm is kept as it is.
pub fn fuse(conv: &Conv2d, norm: &dyn NormLayer) -> (Conv2d, Box<dyn NormLayer>) {
    match norm.as_any().downcast_ref::<BatchNorm>() {
        Some(bn) => (fold_batch_norm(conv, bn), Box::new(IdentityNorm::default())),
        None => (conv.clone(), norm.clone_dyn()),
    }
}
