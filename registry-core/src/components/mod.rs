//! The component traits of an image classifier, after mmpretrain's `ImageClassifier`,
//! `BaseBackbone`, necks, `ClsHead` and losses. Each is object safe, and its `Box<dyn …>` is a
//! full Burn module (see [`crate::erased`]), so a model assembled from a config trains, saves
//! and loads like any other.

mod activation;
mod augment;
mod backbone;
mod head;
mod input;
mod loss;
mod model;
mod neck;
mod norm;
mod targets;

pub use activation::{Activation, ActivationKind};
pub use augment::{BatchAugment, CloneBatchAugment};
pub use backbone::{Backbone, BackboneKind};
pub use head::{Head, HeadKind};
pub use input::{InputError, InputSpec};
pub use loss::{Loss, LossKind};
pub use model::{LossOutput, Model, ModelKind, Prediction};
pub use neck::{Neck, NeckKind};
pub use norm::{ChannelAffine, NormKind, NormLayer};
pub use targets::Targets;
