//! [`CrossEntropyLoss`]: softmax, soft-target or sigmoid cross-entropy.

use burn::module::Module;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError, Buildable, LOSSES, Loss, Targets, register_module};
use schemars::JsonSchema;
use serde::Deserialize;

use super::functional::{
    Reduction, binary_cross_entropy, check_weights, reduce, softmax_cross_entropy, to_f32,
};

/// The config of `CrossEntropyLoss`, mmpretrain's arguments and defaults.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct CrossEntropyLossConfig {
    /// Binary cross-entropy of each class's sigmoid (multi-label) instead of softmax.
    #[serde(default)]
    pub use_sigmoid: bool,
    /// Soft targets (score vectors, e.g. from Mixup); numerically the same as the softmax loss.
    #[serde(default)]
    pub use_soft: bool,
    /// `'mean'`, `'sum'` or `'none'` (see the losses' module docs).
    #[serde(default)]
    pub reduction: Reduction,
    /// Multiplies the loss.
    #[serde(default = "one")]
    pub loss_weight: f64,
    /// A weight per class.
    #[serde(default)]
    pub class_weight: Option<Vec<f64>>,
    /// A weight per class for positive targets; only with `use_sigmoid`.
    #[serde(default)]
    pub pos_weight: Option<Vec<f64>>,
}

pub(crate) fn one() -> f64 {
    1.0
}

/// Cross-entropy loss (mmpretrain's `CrossEntropyLoss`): softmax cross-entropy of the logits
/// against the labels or score targets, or with `use_sigmoid` the binary cross-entropy of each
/// class, reduced as a head reduces it and multiplied by `loss_weight`.
///
/// Labels are one-hot encoded for the soft and sigmoid forms (mmpretrain's multi-label heads
/// do the same).
#[register_module(LOSSES)]
#[derive(Module, Debug)]
pub struct CrossEntropyLoss {
    /// Binary cross-entropy per class.
    pub use_sigmoid: bool,
    /// Soft targets (same numbers as the softmax form).
    pub use_soft: bool,
    /// The reduction.
    #[module(skip)]
    pub reduction: Reduction,
    /// Multiplies the loss.
    pub loss_weight: f64,
    /// A weight per class.
    #[module(skip)]
    pub class_weight: Option<Vec<f32>>,
    /// A weight per class for positive targets (sigmoid only).
    #[module(skip)]
    pub pos_weight: Option<Vec<f32>>,
}

impl Buildable for CrossEntropyLoss {
    type Config = CrossEntropyLossConfig;

    fn build(config: CrossEntropyLossConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.use_sigmoid && config.use_soft {
            return Err(ctx.invalid("use_soft", "use_sigmoid and use_soft cannot both be set"));
        }
        check_weights(
            config.loss_weight,
            &config.class_weight,
            &config.pos_weight,
            config.use_sigmoid,
            ctx,
        )?;
        Ok(CrossEntropyLoss {
            use_sigmoid: config.use_sigmoid,
            use_soft: config.use_soft,
            reduction: config.reduction,
            loss_weight: config.loss_weight,
            class_weight: to_f32(&config.class_weight),
            pos_weight: to_f32(&config.pos_weight),
        })
    }
}

impl CrossEntropyLoss {
    /// The unweighted loss of score targets `[N, C]`.
    pub(crate) fn of_scores(&self, logits: Tensor<2>, scores: Tensor<2>) -> Tensor<1> {
        let [batch, _] = logits.dims();
        let class_weight = self.class_weight.as_deref();
        if self.use_sigmoid {
            let loss =
                binary_cross_entropy(logits, scores, class_weight, self.pos_weight.as_deref());
            reduce(loss, self.reduction, batch)
        } else {
            reduce(
                softmax_cross_entropy(logits, scores, class_weight),
                self.reduction,
                batch,
            )
        }
    }
}

impl Loss for CrossEntropyLoss {
    fn forward(&self, logits: Tensor<2>, targets: &Targets) -> Tensor<1> {
        let [_, classes] = logits.dims();
        let scores = targets.to_scores(classes).to_device(&logits.device());
        self.of_scores(logits, scores).mul_scalar(self.loss_weight)
    }
}
