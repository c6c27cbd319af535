//! [`conv_norm`]: a convolution, its norm, a residual add and ReLU, in one pass at inference.

use burn::nn::PaddingConfig2d;
use burn::nn::conv::Conv2d;
use burn::tensor::Tensor;
use burn::tensor::activation::relu;
use burn::tensor::ops::ConvOptions;
use flex_conv::{TensorEpilogue, differentiable_conv2d, fused_conv2d};
use registry_core::{ChannelAffine, NormLayer};

/// `relu?(norm(conv(x)) + residual)`.
///
/// On the Flex device without autodiff (see [`flex_conv::accelerates`]), when the norm is a
/// per-channel affine map (an eval-mode BatchNorm, or an identity after `fuse_conv_bn`) and
/// the padding explicit, this is one [`fused_conv2d`] call: our kernel, with the norm,
/// residual and ReLU applied to each output tile in cache. Anywhere else (training, graph
/// capture, GPU devices, other norms) each layer runs in turn, as the layers' own `forward`s,
/// the convolution through [`differentiable_conv2d`] (on Flex, with or without autodiff, our
/// kernels forward and backward).
pub(crate) fn conv_norm(
    conv: &Conv2d,
    norm: &dyn NormLayer,
    x: Tensor<4>,
    residual: Option<Tensor<4>>,
    with_relu: bool,
) -> Tensor<4> {
    let fusable = flex_conv::accelerates(&x.device())
        .then(|| Some((norm.inference_affine()?, explicit_options(conv)?)))
        .flatten();
    match fusable {
        Some((affine, options)) => {
            let epilogue = TensorEpilogue {
                residual,
                relu: with_relu,
                ..with_bias(affine, conv)
            };
            fused_conv2d(x, conv.weight.val(), options, epilogue)
        }
        None => {
            let out = norm.forward(conv_forward(conv, x));
            let out = match residual {
                Some(residual) => out + residual,
                None => out,
            };
            if with_relu { relu(out) } else { out }
        }
    }
}

/// `conv.forward(x)`, through [`differentiable_conv2d`] (our kernels forward and backward on
/// Flex, Burn's elsewhere) when the padding is explicit.
pub(crate) fn conv_forward(conv: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    match explicit_options(conv) {
        Some(options) => {
            let bias = conv.bias.as_ref().map(|bias| bias.val());
            differentiable_conv2d(x, conv.weight.val(), bias, options)
        }
        None => conv.forward(x),
    }
}

/// The convolution's options when its padding is explicit (every convolution here is).
fn explicit_options(conv: &Conv2d) -> Option<ConvOptions<2>> {
    match conv.padding {
        PaddingConfig2d::Explicit(top, left, bottom, right) => Some(ConvOptions::new_with_padding(
            conv.stride,
            [(top, bottom), (left, right)],
            conv.dilation,
            conv.groups,
        )),
        _ => None,
    }
}

/// The norm's scale, and its shift with the convolution's bias folded in:
/// `(conv + b)·s + t = conv·s + (b·s + t)`.
fn with_bias(affine: ChannelAffine, conv: &Conv2d) -> TensorEpilogue {
    let ChannelAffine { scale, shift } = affine;
    let shift = match (conv.bias.as_ref().map(|bias| bias.val()), &scale) {
        (None, _) => shift,
        (Some(bias), Some(scale)) => Some(add(bias * scale.clone(), shift)),
        (Some(bias), None) => Some(add(bias, shift)),
    };
    TensorEpilogue {
        scale,
        shift,
        ..TensorEpilogue::default()
    }
}

fn add(value: Tensor<1>, shift: Option<Tensor<1>>) -> Tensor<1> {
    match shift {
        Some(shift) => value + shift,
        None => value,
    }
}
