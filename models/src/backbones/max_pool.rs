//! [`max_pool`]: a `MaxPool2d` layer's forward, through our kernel at inference on Flex.

use burn::nn::PaddingConfig2d;
use burn::nn::pool::MaxPool2d;
use burn::tensor::Tensor;
use burn::tensor::ops::MaxPoolOptions;
use flex_conv::inference_max_pool2d;

/// `pool.forward(x)`; with explicit padding through [`inference_max_pool2d`] (our kernel on
/// Flex at inference, Burn's operation elsewhere).
pub(crate) fn max_pool(pool: &MaxPool2d, x: Tensor<4>) -> Tensor<4> {
    match pool.padding {
        PaddingConfig2d::Explicit(top, left, bottom, right) => {
            let options = MaxPoolOptions::new(pool.kernel_size)
                .with_stride(pool.stride)
                .with_padding_pairs([(top, bottom), (left, right)])
                .with_dilation(pool.dilation)
                .with_ceil_mode(pool.ceil_mode);
            inference_max_pool2d(x, options)
        }
        _ => pool.forward(x),
    }
}
