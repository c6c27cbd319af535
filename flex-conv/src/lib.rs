//! A fast fp32 2-D convolution for Burn's Flex (CPU) device.
//!
//! [`conv2d`] works on plain slices (NCHW, as Burn and PyTorch lay tensors out): im2col tiles
//! sized for L2, multiplied by the weights with the `gemm` crate (AVX-512, AVX2 or NEON
//! chosen at run time), results written straight into the output, a fused [`Epilogue`]
//! (scale and shift, residual add, ReLU) applied while each tile is in cache.
//!
//! [`fused_conv2d`] is the same on Burn tensors: a Burn backend extension ([`FusedConv`])
//! runs the kernel on the Flex device at inference; every other device, autodiff (training)
//! and graph capture get Burn's own operations.
#![warn(missing_docs)]

mod epilogue;
mod error;
mod extension;
mod im2col;
mod kernel;
mod shape;

pub use epilogue::Epilogue;
pub use error::ConvError;
pub use extension::{FusedConv, Optional, TensorEpilogue, accelerates, fused_conv2d};
pub use kernel::conv2d;
pub use shape::Conv2dShape;
