//! [`Model`]: the top-level model, with mmpretrain's three forward modes.

use burn::tensor::{Int, Tensor};

use super::input::InputSpec;
use super::targets::Targets;
use crate::erased::DynModule;
use crate::init::{InitContext, InitError};

/// A whole model, as mmpretrain's `BaseClassifier`: `forward` is mode `"tensor"`, `loss` is
/// mode `"loss"`, `predict` is mode `"predict"`. Registered in [`MODELS`](crate::MODELS).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model: entries of MODELS must implement `registry_core::Model`",
    label = "`{Self}` does not implement `Model`"
)]
pub trait Model: DynModule<ModelKind> {
    /// Logits `[N, num_classes]` of images `[N, C, H, W]`.
    fn forward(&self, images: Tensor<4>) -> Tensor<2>;

    /// The backbone's feature maps, one per output stage.
    fn extract_feat(&self, images: Tensor<4>) -> Vec<Tensor<4>>;

    /// The training losses of a batch: batch augments (`train_cfg.augments`) are applied first
    /// when the model is on an autodiff device.
    fn loss(&self, images: Tensor<4>, targets: Targets) -> LossOutput;

    /// Class scores and predicted labels.
    fn predict(&self, images: Tensor<4>) -> Prediction;

    /// What images the model takes and whether it can classify them, so that callers check a
    /// batch with [`InputSpec::check`] before any forward. The default knows nothing and checks
    /// only the batch's size.
    fn input_spec(&self) -> InputSpec {
        InputSpec::default()
    }

    /// Applies the component's `init_cfg` (and its children's), as mmengine's `init_weights`;
    /// `Pretrained` entries load their checkpoints here, never when the model is built. The
    /// default, for components without `init_cfg`, does nothing.
    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        let _ = ctx;
        Ok(())
    }

    /// The model for inference with each BatchNorm folded into the convolution before it
    /// (mmcv's `fuse_conv_bn`); its outputs equal those of the unfused model in eval mode. The
    /// default returns a copy unchanged.
    fn fuse_conv_bn(&self) -> Box<dyn Model> {
        self.clone_dyn()
    }
}

crate::erased_module!(dyn Model, kind = ModelKind);

/// The losses of a batch: the total to optimise, and named terms and metrics to log.
#[derive(Debug, Clone)]
pub struct LossOutput {
    /// The total loss, shape `[1]`.
    pub loss: Tensor<1>,
    /// Named values to log (`accuracy_top-1`, …), each shape `[1]`, detached.
    pub logs: Vec<(String, Tensor<1>)>,
}

/// What a model predicts for a batch.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Class probabilities `[N, num_classes]` (softmax, or sigmoid for multi-label heads).
    pub scores: Tensor<2>,
    /// The most likely class of each image `[N]`.
    pub labels: Tensor<1, Int>,
}
