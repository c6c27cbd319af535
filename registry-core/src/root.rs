//! The registries every crate shares, as mmengine's root registries: one per kind of component,
//! each typed by what it builds.

use crate::components::{Activation, Backbone, BatchAugment, Head, Loss, Model, Neck, NormLayer};
use crate::init::WeightInit;
use crate::registry::Registry;

/// Whole models (`ImageClassifier`), the top of a config's `model` dict.
pub static MODELS: Registry<Box<dyn Model>> = Registry::new("MODELS");

/// Backbones (`ResNet`, `ResNeXt`, …): images to feature maps.
pub static BACKBONES: Registry<Box<dyn Backbone>> = Registry::new("BACKBONES");

/// Necks (`GlobalAveragePooling`): feature maps to features.
pub static NECKS: Registry<Box<dyn Neck>> = Registry::new("NECKS");

/// Heads (`LinearClsHead`): features to logits and losses.
pub static HEADS: Registry<Box<dyn Head>> = Registry::new("HEADS");

/// Losses (`CrossEntropyLoss`, `LabelSmoothLoss`).
pub static LOSSES: Registry<Box<dyn Loss>> = Registry::new("LOSSES");

/// Normalisation layers for `norm_cfg` (`BN`, `SyncBN`, `GN`, `LN`, `IN`), as mmcv's.
pub static NORM_LAYERS: Registry<Box<dyn NormLayer>> = Registry::new("NORM_LAYERS");

/// Activations for `act_cfg` (`ReLU`, `Sigmoid`, …), as mmcv's.
pub static ACTIVATIONS: Registry<Box<dyn Activation>> = Registry::new("ACTIVATIONS");

/// Training-batch augments for `train_cfg.augments` (`Mixup`, `CutMix`).
pub static BATCH_AUGMENTS: Registry<Box<dyn BatchAugment>> = Registry::new("BATCH_AUGMENTS");

/// Weight initializers for `init_cfg` (`Kaiming`, `Xavier`, `Normal`, `TruncNormal`,
/// `Uniform`, `Constant`, `Pretrained`), as mmengine's; see [`init`](crate::init).
pub static WEIGHT_INITIALIZERS: Registry<Box<dyn WeightInit>> =
    Registry::new("WEIGHT_INITIALIZERS");
