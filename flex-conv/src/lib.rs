//! A fast fp32 2-D convolution for Burn's Flex (CPU) device, forward and backward, and the
//! BatchNorm that follows it in training.
//!
//! [`conv2d`] works on plain slices (NCHW, as Burn and PyTorch lay tensors out): Winograd
//! F(2×2, 3×3) for stride-1 3×3 layers with enough pixels, else im2col tiles sized for L2;
//! both multiply with the `gemm` crate (AVX-512, AVX2 or NEON chosen at run time), write
//! straight into the output and apply a fused [`Epilogue`] (scale and shift, residual add,
//! ReLU) while each tile is in cache. [`conv2d_input_grad`] and [`conv2d_weight_grad`] are its
//! gradients, built from the same pieces.
//!
//! On Burn tensors, through Burn's backend-extension mechanism:
//! - [`fused_conv2d`] ([`FusedConv`]): the convolution with its epilogue, for inference on
//!   the Flex device;
//! - [`differentiable_conv2d`] ([`DifferentiableConv`]): a drop-in for Burn's `conv2d`, our
//!   kernels forward and backward on Flex with or without autodiff (training).
//! - [`batch_norm_train`] ([`TrainingBatchNorm`], [`BatchNormStats`]): a drop-in for Burn's
//!   `batch_norm_train`, on the slice kernels [`batch_norm_stats`], [`batch_norm_apply`] and
//!   [`batch_norm_backward`] (the layer that follows every convolution in training).
//! - [`inference_max_pool2d`] ([`FastMaxPool`]): a drop-in for Burn's `max_pool2d`, on the
//!   slice kernel [`max_pool2d`] on Flex at inference (Burn's also computes indices).
//!
//! Every other device, dtype and graph capture get Burn's own operations.
#![warn(missing_docs)]

mod batch_norm;
mod depth_split;
mod differentiable;
mod epilogue;
mod error;
mod extension;
mod im2col;
mod input_grad;
mod kernel;
mod matmul;
mod max_pool;
mod pool_extension;
mod shape;
mod tiling;
mod training_norm;
mod weight_grad;
mod winograd;

pub use batch_norm::{NormDims, batch_norm_apply, batch_norm_backward, batch_norm_stats};
pub use differentiable::{DifferentiableConv, differentiable_conv2d};
pub use epilogue::Epilogue;
pub use error::ConvError;
pub use extension::{FusedConv, Optional, TensorEpilogue, accelerates, fused_conv2d};
pub use input_grad::conv2d_input_grad;
pub use kernel::conv2d;
pub use max_pool::{MaxPool2dShape, max_pool2d};
pub use pool_extension::{FastMaxPool, inference_max_pool2d};
pub use shape::Conv2dShape;
pub use training_norm::{BatchNormStats, TrainingBatchNorm, batch_norm_train};
pub use weight_grad::conv2d_weight_grad;
