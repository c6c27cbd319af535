//! The ResNet family and classifier parts built from configs.

pub mod backbones;
pub mod heads;
pub mod losses;
pub mod necks;

pub use backbones::{ResNeXt, ResNet, ResNetCifar, ResNetV1c, ResNetV1d, SEResNeXt, SEResNet};
pub use heads::LinearClsHead;
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
