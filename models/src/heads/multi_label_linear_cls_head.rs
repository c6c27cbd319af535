//! [`MultiLabelLinearClsHead`]: a linear head trained against score (multi-hot or mixed)
//! targets, with sigmoid predictions, as mmpretrain's.

use burn::module::Module;
use burn::nn::Linear;
use burn::tensor::Tensor;
use burn::tensor::activation::sigmoid;
use registry_core::init::{InitContext, InitError, check_init_cfg, init_module};
use registry_core::{
    BuildContext, BuildError, Buildable, HEADS, Head, LOSSES, Loss, LossOutput, Prediction,
    Targets, register_module,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use super::linear_cls_head::classifier_fc;
use crate::losses::check_classes;

/// The config of `MultiLabelLinearClsHead`, mmpretrain's arguments and defaults.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct MultiLabelLinearClsHeadConfig {
    /// Number of classes.
    pub num_classes: usize,
    /// Channels of the input features.
    pub in_channels: usize,
    /// The loss, from LOSSES (default: `CrossEntropyLoss(use_sigmoid=True)`).
    #[serde(default = "default_loss")]
    #[schemars(extend("x-registry" = "LOSSES"))]
    pub loss: Value,
    /// Classes scored at least this are positive (0.5 when neither `thr` nor `topk` is set).
    #[serde(default)]
    pub thr: Option<f64>,
    /// The `k` best-scored classes are positive (when `thr` is not set).
    #[serde(default)]
    pub topk: Option<usize>,
    /// Initialisation config, applied by `init_weights` (default `Normal(std=0.01)` on `fc`).
    #[serde(default)]
    pub init_cfg: Option<Value>,
}

fn default_loss() -> Value {
    json!({"type": "CrossEntropyLoss", "use_sigmoid": true})
}

/// Multi-label linear head (mmpretrain's `MultiLabelLinearClsHead`): `fc` over the last
/// features; the loss gets score targets (labels one-hot encoded, as mmpretrain's
/// `label_to_onehot`; Mixup/CutMix scores as they are); predictions are each class's sigmoid.
///
/// mmpretrain's `pred_label` is the set of classes over `thr` (or the top `k`); a
/// [`Prediction`] carries one label per image, so here it is the best-scored class, and `thr`
/// and `topk` are checked and kept, not applied.
#[register_module(HEADS)]
#[derive(Module, Debug)]
pub struct MultiLabelLinearClsHead {
    /// The classifier.
    pub fc: Linear,
    /// The loss (mmpretrain's `loss_module`).
    pub loss_module: Box<dyn Loss>,
    /// Input channels.
    pub in_channels: usize,
    /// Number of classes.
    pub num_classes: usize,
    /// The threshold of positive classes.
    #[module(skip)]
    pub thr: Option<f64>,
    /// The number of positive classes.
    #[module(skip)]
    pub topk: Option<usize>,
    /// The `init_cfg` of the config, as given.
    #[module(skip)]
    pub init_cfg: Option<Value>,
}

impl Buildable for MultiLabelLinearClsHead {
    type Config = MultiLabelLinearClsHeadConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.num_classes == 0 {
            return Err(ctx.invalid("num_classes", "num_classes=0 must be a positive integer"));
        }
        if let Some(init_cfg) = &config.init_cfg {
            check_init_cfg(init_cfg, ctx)?;
        }
        ctx.check_width("in_channels", config.in_channels)?;
        ctx.check_width("num_classes", config.num_classes)?;
        if let Some(thr) = config.thr.filter(|thr| !thr.is_finite()) {
            return Err(ctx.invalid("thr", format!("expected a finite number, got {thr}")));
        }
        if let Some(k) = config.topk.filter(|&k| k == 0 || k > config.num_classes) {
            return Err(ctx.invalid(
                "topk",
                format!(
                    "expected 1 ≤ k ≤ {} (num_classes), got {k}",
                    config.num_classes
                ),
            ));
        }
        let loss_module: Box<dyn Loss> = ctx.build(&LOSSES, "loss", &config.loss)?;
        if let Err((key, message)) = check_classes(&*loss_module, config.num_classes) {
            return Err(ctx.nested("loss", |ctx| ctx.invalid(key.as_str(), message)));
        }
        let fc = classifier_fc(config.in_channels, config.num_classes, ctx)?;
        let thr = match (config.thr, config.topk) {
            (None, None) => Some(0.5),
            (thr, _) => thr,
        };
        Ok(Self {
            fc,
            loss_module,
            in_channels: config.in_channels,
            num_classes: config.num_classes,
            thr,
            topk: config.topk,
            init_cfg: config.init_cfg,
        })
    }
}

impl Head for MultiLabelLinearClsHead {
    fn forward(&self, features: Vec<Tensor<2>>) -> Tensor<2> {
        let last = features
            .into_iter()
            .last()
            .expect("the classifier checks at build that a neck gives the head its features");
        self.fc.forward(last)
    }

    /// The loss of score targets: labels become one-hot rows first, as in mmpretrain.
    fn loss(&self, logits: Tensor<2>, targets: &Targets) -> LossOutput {
        let scores = Targets::Scores(targets.to_scores(self.num_classes));
        LossOutput {
            loss: self.loss_module.forward(logits, &scores),
            logs: Vec::new(),
        }
    }

    fn predict(&self, logits: Tensor<2>) -> Prediction {
        let scores = sigmoid(logits);
        let labels = scores.clone().argmax(1).squeeze_dim(1);
        Prediction { scores, labels }
    }

    fn in_channels(&self) -> usize {
        self.in_channels
    }

    fn num_classes(&self) -> usize {
        self.num_classes
    }

    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        let init_cfg = self.init_cfg.clone();
        init_module(self, init_cfg.as_ref(), ctx, |_, _| Ok(()))
    }
}
