//! The checkpoint names of this crate's models: how torchvision's and mmpretrain's state dicts
//! name their parameters, as [`KeyMap`] rules written once per block type.
//!
//! | block | here | mmpretrain | torchvision |
//! |---|---|---|---|
//! | any norm layer | `gamma`, `beta` | `weight`, `bias` | same |
//! | a norm field `bn*` holding a GroupNorm / LayerNorm / InstanceNorm | `bn1` | `gn1` / `ln1` / `in1` (mmcv's names) | — |
//! | `Downsample` | `conv`, `bn` | `0`, `1` (`1`, `2` after `avg_down`'s pool: indices are renumbered) | `0`, `1` |
//! | `ImageClassifier` | `backbone.…`, `head.…` | same | no prefix: `conv1.…`, `fc.…` |
//! | `LinearClsHead`'s `fc.weight` | `[in, out]` | `[out, in]` | same |
//!
//! Every other name (stems, blocks, SE layers) is already the same on all sides. BatchNorm's
//! `num_batches_tracked` has no counterpart and is skipped.
//!
//! ```no_run
//! use ::checkpoints::{Checkpoint, LoadOptions};
//! # fn run(model: &mut Box<dyn registry_core::Model>) -> Result<(), ::checkpoints::CheckpointError> {
//! // A torchvision or an mmpretrain checkpoint: the best-fitting key map is used.
//! let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
//! let report = Checkpoint::open("resnet50-0676ba61.pth")?.load_into(model, &options)?;
//! assert_eq!(report.key_map, "torchvision");
//! # Ok(()) }
//! ```

use ::checkpoints::KeyMap;

/// mmpretrain's names for this crate's models (`backbone.layer1.0.downsample.0.weight`).
pub fn mmpretrain() -> KeyMap {
    KeyMap::pytorch()
        .named("mmpretrain")
        .rename("Downsample", "conv", "0")
        .rename("Downsample", "bn", "1")
        .rename_prefix_for("bn", "GroupNorm", "gn")
        .rename_prefix_for("bn", "LayerNorm", "ln")
        .rename_prefix_for("bn", "InstanceNorm", "in")
        .with_contiguous_indices()
}

/// torchvision's names (`layer1.0.downsample.0.weight`, `fc.weight`): mmpretrain's, with the
/// classifier's backbone and head adding no prefix, as torchvision's `ResNet` is one module.
pub fn torchvision() -> KeyMap {
    mmpretrain()
        .named("torchvision")
        .flatten("ImageClassifier", "backbone")
        .flatten("ImageClassifier", "head")
}

/// Both, mmpretrain's first: loading picks the one that fits the checkpoint.
pub fn key_maps() -> [KeyMap; 2] {
    [mmpretrain(), torchvision()]
}
