//! Conv–BatchNorm fusion for inference, as mmcv's `fuse_conv_bn`: each BatchNorm that follows
//! a convolution is folded into it (the convolution's weight scaled, a bias added) and replaced
//! by an [`IdentityNorm`].
//!
//! What that saves depends on the backend: the BatchNorm's pass over the feature map becomes
//! the convolution's bias addition. On the Flex CPU backend, whose eval-mode BatchNorm is
//! already a single fused pass, the two cost about the same (ResNet-18 and ResNet-50 at
//! 224×224 ran within ±5 % of the unfused model).
//!
//! The transform reaches through the erased boxes by methods of the components themselves:
//! [`Model::fuse_conv_bn`](registry_core::Model::fuse_conv_bn) and
//! [`Backbone::fuse_conv_bn`](registry_core::Backbone::fuse_conv_bn) (whose default returns a
//! copy, for components with nothing to fuse), and [`ResBlock::fuse_conv_bn`](crate::backbones::ResBlock::fuse_conv_bn)
//! for the blocks of a stage. Each block folds its own (convolution, norm) pairs; a norm
//! layer behind `Box<dyn NormLayer>` is recognised as a BatchNorm by downcasting, and other
//! norms (GroupNorm, …), which cannot be folded, are kept.
//!
//! Folding uses the running statistics, so the fused model computes what the unfused one does
//! in eval mode (up to rounding); it is meant for inference only.
//!
//! ```
//! use registry_core::{MODELS, Model};
//! use registry_core::burn::{module::Module, tensor::{Device, Distribution, Tensor}};
//! use serde_json::json;
//! registry_core::link!(models);
//!
//! let config = json!({
//!     "type": "ImageClassifier",
//!     "backbone": {"type": "ResNet", "depth": 18},
//!     "neck": {"type": "GlobalAveragePooling"},
//!     "head": {"type": "LinearClsHead", "num_classes": 10, "in_channels": 512},
//! });
//! let model = MODELS.build(&config)?.valid();
//! let fused = model.fuse_conv_bn();
//! let images = Tensor::<4>::random([1, 3, 32, 32], Distribution::Default, &Device::flex());
//! let difference = (model.forward(images.clone()) - fused.forward(images)).abs().max();
//! assert!(difference.into_scalar::<f32>() < 1e-4);
//! # Ok::<(), registry_core::BuildError>(())
//! ```

mod fold;
mod identity;
mod resnet;

pub use fold::{fold_batch_norm, fuse};
pub use identity::IdentityNorm;
