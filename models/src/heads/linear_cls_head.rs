//! [`LinearClsHead`]: a linear classifier over the last feature vector.

use burn::module::Module;
use burn::nn::{Initializer, Linear, LinearConfig};
use burn::tensor::Tensor;
use burn::tensor::activation::softmax;
use registry_core::init::{InitContext, InitError, check_init_cfg, init_module};
use registry_core::{
    BuildContext, BuildError, Buildable, HEADS, Head, LOSSES, Loss, LossOutput, Prediction,
    Targets, register_module,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use super::accuracy::topk_accuracy;
use crate::losses::check_classes;

/// `topk`: one `k`, or several (mmpretrain's `int | tuple`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TopK {
    /// One `k`.
    One(usize),
    /// Several.
    Many(Vec<usize>),
}

impl Default for TopK {
    fn default() -> Self {
        TopK::Many(vec![1])
    }
}

impl TopK {
    fn values(&self) -> Vec<usize> {
        match self {
            TopK::One(k) => vec![*k],
            TopK::Many(ks) => ks.clone(),
        }
    }
}

/// The config of `LinearClsHead`, mmpretrain's arguments and defaults.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct LinearClsHeadConfig {
    /// Number of classes.
    pub num_classes: usize,
    /// Channels of the input features; must match what the backbone and neck produce.
    pub in_channels: usize,
    /// The loss, from LOSSES.
    #[serde(default = "default_loss")]
    #[schemars(extend("x-registry" = "LOSSES"))]
    pub loss: Value,
    /// The `k`s of the top-k accuracy logged with `cal_acc`.
    #[serde(default)]
    pub topk: TopK,
    /// Log the top-k accuracy of each training batch with label targets.
    #[serde(default)]
    pub cal_acc: bool,
    /// Initialisation config, applied by `init_weights`; the default (`Normal(std=0.01)`
    /// weight, zero bias) is applied when the head is built.
    #[serde(default)]
    pub init_cfg: Option<Value>,
}

fn default_loss() -> Value {
    json!({"type": "CrossEntropyLoss", "loss_weight": 1.0})
}

/// Linear classifier head (mmpretrain's `LinearClsHead`): `fc` over the last features, the
/// loss of its `loss` config, softmax predictions.
///
/// `fc` is initialised as mmpretrain's default `init_cfg`: weight `Normal(0, 0.01)`, bias 0.
/// Its weight is stored `[in_channels, num_classes]` (PyTorch's transposed).
#[register_module(HEADS)]
#[derive(Module, Debug)]
pub struct LinearClsHead {
    /// The classifier.
    pub fc: Linear,
    /// The loss (mmpretrain's `loss_module`).
    pub loss_module: Box<dyn Loss>,
    /// The `k`s of the logged accuracy.
    #[module(skip)]
    pub topk: Vec<usize>,
    /// Log the accuracy of training batches.
    pub cal_acc: bool,
    /// Input channels.
    pub in_channels: usize,
    /// Number of classes.
    pub num_classes: usize,
    /// The `init_cfg` of the config, as given.
    #[module(skip)]
    pub init_cfg: Option<Value>,
}

impl Buildable for LinearClsHead {
    type Config = LinearClsHeadConfig;

    fn build(config: LinearClsHeadConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.num_classes == 0 {
            return Err(ctx.invalid("num_classes", "num_classes=0 must be a positive integer"));
        }
        if let Some(init_cfg) = &config.init_cfg {
            check_init_cfg(init_cfg, ctx)?;
        }
        ctx.check_width("in_channels", config.in_channels)?;
        ctx.check_width("num_classes", config.num_classes)?;
        let topk = config.topk.values();
        if topk.is_empty() {
            return Err(ctx.invalid("topk", "expected at least one k"));
        }
        if let Some(&k) = topk.iter().find(|&&k| k == 0 || k > config.num_classes) {
            return Err(ctx.invalid(
                "topk",
                format!(
                    "top-{k} accuracy is unavailable with {} classes (expected 1 ≤ k ≤ {})",
                    config.num_classes, config.num_classes
                ),
            ));
        }
        let loss_module: Box<dyn Loss> = ctx.build(&LOSSES, "loss", &config.loss)?;
        if let Err((key, message)) = check_classes(&*loss_module, config.num_classes) {
            return Err(ctx.nested("loss", |ctx| ctx.invalid(key.as_str(), message)));
        }
        let fc = classifier_fc(config.in_channels, config.num_classes, ctx)?;
        Ok(LinearClsHead {
            fc,
            loss_module,
            topk,
            cal_acc: config.cal_acc,
            in_channels: config.in_channels,
            num_classes: config.num_classes,
            init_cfg: config.init_cfg,
        })
    }
}

/// The `fc` layer of mmpretrain's linear heads, as their default `init_cfg` initialises it:
/// weight `Normal(0, 0.01)`, bias 0; its size declared to `ctx` first.
pub(super) fn classifier_fc(
    in_channels: usize,
    num_classes: usize,
    ctx: &mut BuildContext,
) -> Result<Linear, BuildError> {
    ctx.declare(
        "the fc layer",
        &[in_channels.saturating_add(1), num_classes],
    )?;
    let mut fc = LinearConfig::new(in_channels, num_classes)
        .with_bias(false)
        .with_initializer(Initializer::Normal {
            mean: 0.0,
            std: 0.01,
        })
        .init(ctx.device());
    fc.bias = Some(Initializer::Zeros.init([num_classes], ctx.device()));
    Ok(fc)
}

impl Head for LinearClsHead {
    fn forward(&self, mut features: Vec<Tensor<2>>) -> Tensor<2> {
        let last = features
            .pop()
            .expect("LinearClsHead needs at least one feature vector");
        self.fc.forward(last)
    }

    /// The loss, and with `cal_acc` the top-k accuracies (`accuracy_top-{k}`, in percent) of
    /// label targets. mmpretrain refuses `cal_acc` with score targets (Mixup, CutMix); here no
    /// accuracy is logged for them.
    fn loss(&self, logits: Tensor<2>, targets: &Targets) -> LossOutput {
        let loss = self.loss_module.forward(logits.clone(), targets);
        let logs = match (self.cal_acc, targets) {
            (true, Targets::Labels(labels)) => self
                .topk
                .iter()
                .zip(topk_accuracy(logits, labels.clone(), &self.topk))
                .map(|(k, accuracy)| (format!("accuracy_top-{k}"), accuracy))
                .collect(),
            _ => Vec::new(),
        };
        LossOutput { loss, logs }
    }

    fn predict(&self, logits: Tensor<2>) -> Prediction {
        let scores = softmax(logits, 1);
        let labels = scores.clone().argmax(1).squeeze_dim(1);
        Prediction { scores, labels }
    }

    fn in_channels(&self) -> usize {
        self.in_channels
    }

    fn num_classes(&self) -> usize {
        self.num_classes
    }

    /// Applies the head's `init_cfg` (built with mmpretrain's default, `Normal(std=0.01)` on
    /// `fc`, already applied).
    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        let init_cfg = self.init_cfg.clone();
        init_module(self, init_cfg.as_ref(), ctx, |_, _| Ok(()))
    }
}
