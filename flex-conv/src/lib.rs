//! A fast fp32 2-D convolution for Burn's Flex (CPU) device.
//!
//! [`conv2d`] works on plain slices (NCHW, as Burn and PyTorch lay tensors out): Winograd
//! F(2×2, 3×3) for stride-1 3×3 layers with enough pixels, else im2col tiles sized for L2;
//! both multiply with the `gemm` crate (AVX-512, AVX2 or NEON chosen at run time), write
//! straight into the output and apply a fused [`Epilogue`] (scale and shift, residual add,
//! ReLU) while each tile is in cache.
//!
//! [`fused_conv2d`] is the same on Burn tensors: a Burn backend extension ([`FusedConv`])
//! runs the kernel on the Flex device at inference; every other device, autodiff (training)
//! and graph capture get Burn's own operations.
#![warn(missing_docs)]

mod backward;
mod differentiable;
mod epilogue;
mod error;
mod extension;
mod im2col;
mod kernel;
mod matmul;
mod shape;
mod tiling;
mod winograd;

pub use backward::{conv2d_input_grad, conv2d_weight_grad};
pub use differentiable::{DifferentiableConv, differentiable_conv2d};
pub use epilogue::Epilogue;
pub use error::ConvError;
pub use extension::{FusedConv, Optional, TensorEpilogue, accelerates, fused_conv2d};
pub use kernel::conv2d;
pub use shape::Conv2dShape;
