//! [`Trainee`]: a classifier from the registry as burn-train's Learner trains it, with the
//! training and validation steps of mmengine's loops.

use anyhow::{Context, anyhow, bail};
use burn::lr_scheduler::module_lr_scheduler::ModuleLearningRate;
use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, ExecutionError, Tensor};
use burn::train::metric::{Adaptor, LossInput};
use burn::train::{ClassificationOutput, InferenceStep, ItemLazy, TrainOutput, TrainStep};
use models::ImageClassifier;
use models::classifiers::ClsDataPreprocessor;
use models::classifiers::runner_model_config;
use registry_core::init::InitContext;
use registry_core::{BuildContext, KeyPath, MODELS, Model, Targets};
use serde_json::Value;

use super::timing::IterTiming;
use crate::data::{BatchCheck, ClsBatch};
use crate::optim::clip_joint_norm;

/// A model built from the config's `model` dict, with what its training steps need: the data
/// preprocessor (applied before the model, as mmengine's loops do), the number of classes, how
/// many devices share a step, and the gradient norm to clip to.
///
/// `model` adds its field name to the weight paths of burn-train's own checkpoints
/// (`model.backbone.conv1.weight`).
#[derive(Module, Debug)]
pub struct Trainee {
    /// The model.
    pub model: Box<dyn Model>,
    #[module(skip)]
    preprocessor: ClsDataPreprocessor,
    #[module(skip)]
    num_classes: usize,
    #[module(skip)]
    replicas: usize,
    #[module(skip)]
    max_norm: Option<f32>,
    #[module(skip)]
    accumulation: usize,
}

impl Trainee {
    /// Builds the config's `model` on `device` (an autodiff device, so that its parameters take
    /// gradients), with the config's top-level `data_preprocessor` as its default, as mmengine's
    /// runner does; see [`new`](Self::new) for the rest.
    pub fn build(
        config: &Value,
        device: &Device,
        replicas: usize,
        max_norm: Option<f32>,
    ) -> anyhow::Result<Self> {
        let model = Self::model_dict(config)?;
        let mut ctx = BuildContext::new(device.clone()).at(KeyPath::root().key("model"));
        let mut model = MODELS
            .build_in(&model, &mut ctx)
            .map_err(|error| anyhow!("{error}"))
            .context("could not build the model")?;
        // As mmengine's runner: the model's init_cfgs (and Pretrained checkpoints) apply first.
        model
            .init_weights(&mut InitContext::new())
            .context("could not initialise the model's weights")?;
        Self::new(model, replicas, max_norm)
    }

    /// The config's `model` dict with the top-level `data_preprocessor` as its default.
    pub fn model_dict(config: &Value) -> anyhow::Result<Value> {
        match runner_model_config(config) {
            Some(model) => Ok(model),
            None => bail!("model: the config has no `model` dict"),
        }
    }

    /// The model's class scores (logits, `[N, classes]`) of a batch, after the data preprocessor.
    pub fn predict(&self, batch: &ClsBatch) -> Tensor<2> {
        let images = self.preprocessor.preprocess_images(batch.images.clone());
        self.model.forward(images)
    }

    /// Wraps `model`, an `ImageClassifier` with a head, trained data-parallel on `replicas`
    /// devices, its gradients clipped to a joint L2 norm of `max_norm` if given.
    pub fn new(
        model: Box<dyn Model>,
        replicas: usize,
        max_norm: Option<f32>,
    ) -> anyhow::Result<Self> {
        let Some(classifier) = model.as_any().downcast_ref::<ImageClassifier>() else {
            bail!("the runner trains ImageClassifier models; this config's model is another type");
        };
        let head = classifier.head.as_ref().ok_or_else(|| {
            anyhow!(
                "model.head: the classifier has no head to train (set e.g. \
                 head=dict(type='LinearClsHead', num_classes=10, in_channels=512))"
            )
        })?;
        Ok(Self {
            num_classes: head.num_classes(),
            preprocessor: classifier.data_preprocessor.clone(),
            model,
            replicas,
            max_norm,
            accumulation: 1,
        })
    }

    /// Each loss divided by `counts`, as mmengine's `accumulative_counts`.
    pub fn with_accumulation(mut self, counts: usize) -> Self {
        self.accumulation = counts.max(1);
        self
    }

    /// The classes the head predicts.
    pub fn num_classes(&self) -> usize {
        self.num_classes
    }

    /// What each batch must be for this model: its images, preprocessor and classes.
    pub fn batch_check(&self) -> BatchCheck {
        BatchCheck {
            spec: self.model.input_spec(),
            preprocessor: self.preprocessor.clone(),
            classes: self.num_classes,
        }
    }

    /// A batch as the data preprocessor hands it to the model.
    fn preprocess(&self, batch: &ClsBatch) -> (Tensor<4>, Targets) {
        let images = self.preprocessor.preprocess_images(batch.images.clone());
        let targets = self
            .preprocessor
            .preprocess_targets(Targets::Labels(batch.labels.clone()), self.num_classes);
        (images, targets)
    }
}

/// What a training step reports: its loss and times.
#[derive(Debug)]
pub struct LossItem {
    loss: Tensor<1>,
    timing: IterTiming,
}

impl ItemLazy for LossItem {
    fn sync(self) -> Result<Self, ExecutionError> {
        self.loss.device().flush()?;
        Ok(Self {
            loss: self.loss.without_autodiff(),
            timing: self.timing,
        })
    }
}

impl Adaptor<IterTiming> for LossItem {
    fn adapt(&self) -> IterTiming {
        self.timing.clone()
    }
}

impl Adaptor<LossInput> for LossItem {
    fn adapt(&self) -> LossInput {
        LossInput::new(self.loss.clone())
    }
}

impl TrainStep for Trainee {
    type Input = ClsBatch;
    type Output = LossItem;

    /// The model's loss (its batch augments apply, as in mmengine's training mode) and its
    /// gradients. With several devices the loss is divided by their number first: burn-train
    /// sums the devices' gradients, mmengine's distributed training averages them.
    fn step(&self, batch: ClsBatch) -> TrainOutput<LossItem> {
        let timing = IterTiming::start();
        let (images, targets) = self.preprocess(&batch);
        let loss = self.model.loss(images, targets).loss;
        let divisor = self.replicas.saturating_mul(self.accumulation);
        let objective = match divisor {
            1 => loss.clone(),
            divisor => loss.clone().div_scalar(divisor as f32),
        };
        let grads = objective.backward();
        IterTiming::stop();
        TrainOutput::new(self, grads, LossItem { loss, timing })
    }

    /// The optimizer step, after clipping the gradients to their joint norm if asked; the
    /// iteration's time then includes it.
    fn optimize(
        self,
        optim: &mut ModuleOptimizer,
        lr: ModuleLearningRate,
        grads: GradientsParams,
    ) -> Self {
        let grads = match self.max_norm {
            Some(max_norm) => clip_joint_norm(&self, grads, max_norm),
            None => grads,
        };
        let model = optim.step(lr, self, grads);
        IterTiming::stop();
        model
    }
}

impl InferenceStep for Trainee {
    type Input = ClsBatch;
    type Output = ClassificationOutput;

    /// The model's loss and logits, for the loss and accuracy metrics.
    fn step(&self, batch: ClsBatch) -> ClassificationOutput {
        let (images, targets) = self.preprocess(&batch);
        let loss = self.model.loss(images.clone(), targets).loss;
        ClassificationOutput::new(loss, self.model.forward(images), batch.labels)
    }
}
