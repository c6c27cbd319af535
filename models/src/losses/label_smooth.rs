//! [`LabelSmoothLoss`]: cross-entropy against smoothed labels.

use burn::module::Module;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError, Buildable, LOSSES, Loss, Targets, register_module};
use schemars::JsonSchema;
use serde::Deserialize;

use super::cross_entropy::{CrossEntropyLoss, one};
use super::functional::{Reduction, check_weights, to_f32};

/// How labels are smoothed, with `ε = label_smooth_val` and `K` classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SmoothMode {
    /// `(1 - ε) y + ε / K`.
    #[default]
    Original,
    /// `(y + ε / K) / (1 + ε)` (ClassyVision's).
    ClassyVision,
    /// `1 - ε` for positive labels, `ε` for the others.
    MultiLabel,
}

/// The config of `LabelSmoothLoss`, mmpretrain's arguments and defaults.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct LabelSmoothLossConfig {
    /// The degree of smoothing ε, in `[0, 1)`.
    pub label_smooth_val: f64,
    /// The number of classes; by default the logits'.
    #[serde(default)]
    pub num_classes: Option<usize>,
    /// Binary cross-entropy per class; by default only in `multi_label` mode.
    #[serde(default)]
    pub use_sigmoid: Option<bool>,
    /// `'original'`, `'classy_vision'` or `'multi_label'`.
    #[serde(default)]
    pub mode: SmoothMode,
    /// `'mean'`, `'sum'` or `'none'` (see the losses' module docs).
    #[serde(default)]
    pub reduction: Reduction,
    /// Multiplies the loss.
    #[serde(default = "one")]
    pub loss_weight: f64,
    /// A weight per class.
    #[serde(default)]
    pub class_weight: Option<Vec<f64>>,
    /// A weight per class for positive targets; only with the sigmoid form.
    #[serde(default)]
    pub pos_weight: Option<Vec<f64>>,
}

/// Label-smoothing loss (mmpretrain's `LabelSmoothLoss`): labels (or the score targets of
/// Mixup/CutMix) smoothed by `mode`, then the soft cross-entropy, or with `use_sigmoid` the
/// binary cross-entropy, multiplied by `loss_weight`.
#[register_module(LOSSES)]
#[derive(Module, Debug)]
pub struct LabelSmoothLoss {
    /// ε, after ClassyVision's rescaling `ε / (1 + ε)` in that mode.
    pub eps: f64,
    /// How labels are smoothed.
    #[module(skip)]
    pub mode: SmoothMode,
    /// The expected number of classes, if given.
    #[module(skip)]
    pub num_classes: Option<usize>,
    /// The cross-entropy applied to the smoothed labels.
    pub ce: CrossEntropyLoss,
    /// Multiplies the loss.
    pub loss_weight: f64,
}

impl Buildable for LabelSmoothLoss {
    type Config = LabelSmoothLossConfig;

    fn build(config: LabelSmoothLossConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let value = config.label_smooth_val;
        if !(value.is_finite() && (0.0..1.0).contains(&value)) {
            return Err(ctx.invalid(
                "label_smooth_val",
                format!("expected a value in [0, 1), got {value}"),
            ));
        }
        if let Some(classes) = config.num_classes {
            ctx.check_width("num_classes", classes)?;
        }
        let use_sigmoid = config
            .use_sigmoid
            .unwrap_or(config.mode == SmoothMode::MultiLabel);
        check_weights(
            config.loss_weight,
            &config.class_weight,
            &config.pos_weight,
            use_sigmoid,
            ctx,
        )?;
        let eps = match config.mode {
            SmoothMode::ClassyVision => value / (1.0 + value),
            _ => value,
        };
        Ok(LabelSmoothLoss {
            eps,
            mode: config.mode,
            num_classes: config.num_classes,
            ce: CrossEntropyLoss {
                use_sigmoid,
                use_soft: !use_sigmoid,
                reduction: config.reduction,
                loss_weight: 1.0,
                class_weight: to_f32(&config.class_weight),
                pos_weight: to_f32(&config.pos_weight),
            },
            loss_weight: config.loss_weight,
        })
    }
}

impl LabelSmoothLoss {
    /// The smoothed targets of one-hot-like `scores` `[N, C]`.
    pub fn smooth(&self, scores: Tensor<2>) -> Tensor<2> {
        let [_, classes] = scores.dims();
        match self.mode {
            SmoothMode::Original | SmoothMode::ClassyVision => scores
                .mul_scalar(1.0 - self.eps)
                .add_scalar(self.eps / classes as f64),
            SmoothMode::MultiLabel => {
                let positive = scores.clone().greater_elem(0.0);
                scores
                    .full_like(self.eps)
                    .mask_fill(positive, 1.0 - self.eps)
            }
        }
    }
}

impl Loss for LabelSmoothLoss {
    fn forward(&self, logits: Tensor<2>, targets: &Targets) -> Tensor<1> {
        let [_, classes] = logits.dims();
        let scores = targets.to_scores(classes).to_device(&logits.device());
        let smoothed = self.smooth(scores);
        self.ce
            .of_scores(logits, smoothed)
            .mul_scalar(self.loss_weight)
    }
}
