//! The mmpretrain ResNet family and the classifier parts around it, for Burn, registered in
//! registry-core's registries so that mmpretrain's model configs build unchanged.
//!
//! | registry | entries |
//! |---|---|
//! | `BACKBONES` | `ResNet`, `ResNetV1c`, `ResNetV1d`, `ResNet_CIFAR`, `ResNeXt`, `SEResNet`, `SEResNeXt` |
//! | `NECKS` | `GlobalAveragePooling` |
//! | `HEADS` | `LinearClsHead`, `MultiLabelLinearClsHead` |
//! | `LOSSES` | `CrossEntropyLoss`, `LabelSmoothLoss` |
//! | `MODELS` | `ImageClassifier` |
//! | `BATCH_AUGMENTS` | `Mixup`, `CutMix` |
//!
//! Norm layers (`norm_cfg`) and activations come from registry-core's
//! [`layers`](registry_core::layers) (`BN`, `SyncBN`, `GN`, `LN`, `IN`, `ReLU`, …).
//!
//! mmpretrain's `configs/_base_/models/resnet50.py`, as JSON:
//!
//! ```
//! use registry_core::{MODELS, count_parameters};
//! use serde_json::json;
//! registry_core::link!(models);
//!
//! let config = json!({
//!     "type": "ImageClassifier",
//!     "backbone": {"type": "ResNet", "depth": 50, "num_stages": 4, "out_indices": [3],
//!                  "style": "pytorch"},
//!     "neck": {"type": "GlobalAveragePooling"},
//!     "head": {"type": "LinearClsHead", "num_classes": 1000, "in_channels": 2048,
//!              "loss": {"type": "CrossEntropyLoss", "loss_weight": 1.0}, "topk": [1, 5]},
//! });
//! let model = MODELS.build(&config)?;
//! assert_eq!(count_parameters(&model), 25_557_032); // torchvision's resnet50
//!
//! let mut wrong = config.clone();
//! wrong["backbone"]["depth"] = json!(51);
//! assert_eq!(
//!     MODELS.build(&wrong).unwrap_err().to_string(),
//!     "backbone.depth: invalid depth 51 for ResNet; expected one of 18, 34, 50, 101, 152 (in ResNet)"
//! );
//! # Ok::<(), registry_core::BuildError>(())
//! ```
//!
//! Models build on the Flex device (pure-Rust CPU) by default, so a fresh clone needs nothing
//! else; build on another with [`BuildContext::new`](registry_core::BuildContext::new), e.g.
//! `Device::flex().autodiff()` to train. Parameters are created lazily.
//!
//! - [`backbones`]: the network, weight paths (torchvision's and mmpretrain's names) and
//!   initialisation.
//! - [`necks`], [`heads`], [`losses`]: pooling, the linear head with top-k accuracy, and the
//!   losses with mmpretrain's numerics.
//! - [`classifiers`]: [`ImageClassifier`] and its data
//!   preprocessor.
//! - [`augments`]: Mixup and CutMix for `train_cfg.augments`.
//! - [`checkpoints`]: torchvision's and mmpretrain's checkpoint names for these models.
//! - [`fusion`]: folding BatchNorms into convolutions for inference.
//!
//! A binary that builds these models from configs only must link this crate, or its
//! registrations vanish: `registry_core::link!(models);`.

pub mod augments;
pub mod backbones;
pub mod checkpoints;
pub mod classifiers;
pub mod fusion;
pub mod heads;
pub mod losses;
pub mod necks;

pub use augments::{CutMix, Mixup};
pub use backbones::{ResNeXt, ResNet, ResNetCifar, ResNetV1c, ResNetV1d, SEResNeXt, SEResNet};
pub use classifiers::ImageClassifier;
pub use heads::{LinearClsHead, MultiLabelLinearClsHead};
pub use losses::{CrossEntropyLoss, LabelSmoothLoss};
pub use necks::GlobalAveragePooling;

use registry_core::{BuildContext, BuildError};

/// An invalid-value error for item `index` of the list at `key` of the config being built.
pub(crate) fn invalid_item(
    ctx: &BuildContext,
    key: &str,
    index: usize,
    message: impl Into<String>,
) -> BuildError {
    BuildError::invalid(ctx.path().clone().key(key).index(index), message)
}
