//! [`Trainee`]: a classifier from the registry as burn-train's Learner trains it, with the
//! training and validation steps of mmengine's loops.

use std::panic::{self, AssertUnwindSafe};

use anyhow::{Context, anyhow, bail};
use burn::lr_scheduler::module_lr_scheduler::ModuleLearningRate;
use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, ExecutionError, Tensor};
use burn::train::metric::{Adaptor, LossInput};
use burn::train::{ClassificationOutput, InferenceStep, ItemLazy, TrainOutput, TrainStep};
use models::ImageClassifier;
use models::classifiers::ClsDataPreprocessor;
use registry_core::init::InitContext;
use registry_core::{BuildContext, KeyPath, MODELS, Model, Targets};
use serde_json::Value;

use super::data::{ImageBatch, ImageShape};

/// A model built from the config's `model` dict, with what its training steps need: the data
/// preprocessor (applied before the model, as mmengine's loops do), the number of classes, how
/// many devices share a step, and the gradient norm to clip to.
///
/// `model` adds its field name to the weight paths of burn-train's own checkpoints
/// (`model.backbone.conv1.weight`); the checkpoint `mmreg train` saves at the end is the model's
/// alone (`backbone.conv1.weight`).
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
        let Some(mut model) = config
            .get("model")
            .filter(|model| model.is_object())
            .cloned()
        else {
            bail!("the config has no `model` dict to train");
        };
        if let (Some(preprocessor), Value::Object(model)) =
            (config.get("data_preprocessor"), &mut model)
            && !model.contains_key("data_preprocessor")
        {
            model.insert("data_preprocessor".to_owned(), preprocessor.clone());
        }
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

    /// Wraps `model`, an `ImageClassifier` with a head, trained data-parallel on `replicas`
    /// devices, its gradients clipped to a joint L2 norm of `max_norm` if given.
    pub fn new(
        model: Box<dyn Model>,
        replicas: usize,
        max_norm: Option<f32>,
    ) -> anyhow::Result<Self> {
        let Some(classifier) = model.as_any().downcast_ref::<ImageClassifier>() else {
            bail!("mmreg train trains ImageClassifier models; this config's model is another type");
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
        })
    }

    /// The classes the head predicts.
    pub fn num_classes(&self) -> usize {
        self.num_classes
    }

    /// Runs the model once on two blank images of `shape` on `device`, so that images it cannot
    /// take are an error rather than a panic in the middle of training.
    pub fn check_input(&self, shape: ImageShape, device: &Device) -> anyhow::Result<()> {
        let model = self.model.valid();
        let images = Tensor::<4>::zeros([2, shape.channels, shape.height, shape.width], device);
        let hook = panic::take_hook();
        panic::set_hook(Box::new(|_| {}));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| model.forward(images)));
        panic::set_hook(hook);
        outcome.map(drop).map_err(|payload| {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("no message");
            anyhow!("the model cannot take {shape} images (see --shape):\n{message}")
        })
    }

    /// A batch as the data preprocessor hands it to the model.
    fn preprocess(&self, batch: &ImageBatch) -> (Tensor<4>, Targets) {
        let images = self.preprocessor.preprocess_images(batch.images.clone());
        let targets = self
            .preprocessor
            .preprocess_targets(Targets::Labels(batch.labels.clone()), self.num_classes);
        (images, targets)
    }
}

/// What a training step reports: its loss.
#[derive(Debug)]
pub struct LossItem {
    loss: Tensor<1>,
}

impl ItemLazy for LossItem {
    fn sync(self) -> Result<Self, ExecutionError> {
        self.loss.device().flush()?;
        Ok(Self {
            loss: self.loss.without_autodiff(),
        })
    }
}

impl Adaptor<LossInput> for LossItem {
    fn adapt(&self) -> LossInput {
        LossInput::new(self.loss.clone())
    }
}

impl TrainStep for Trainee {
    type Input = ImageBatch;
    type Output = LossItem;

    /// The model's loss (its batch augments apply, as in mmengine's training mode) and its
    /// gradients. With several devices the loss is divided by their number first: burn-train
    /// sums the devices' gradients, mmengine's distributed training averages them.
    fn step(&self, batch: ImageBatch) -> TrainOutput<LossItem> {
        let (images, targets) = self.preprocess(&batch);
        let loss = self.model.loss(images, targets).loss;
        let objective = match self.replicas {
            1 => loss.clone(),
            replicas => loss.clone().div_scalar(replicas as f32),
        };
        TrainOutput::new(self, objective.backward(), LossItem { loss })
    }

    /// The optimizer step, after clipping the gradients to their joint norm if asked.
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
        optim.step(lr, self, grads)
    }
}

impl InferenceStep for Trainee {
    type Input = ImageBatch;
    type Output = ClassificationOutput;

    /// The model's loss and logits, for the loss and accuracy metrics.
    fn step(&self, batch: ImageBatch) -> ClassificationOutput {
        let (images, targets) = self.preprocess(&batch);
        let loss = self.model.loss(images.clone(), targets).loss;
        ClassificationOutput::new(loss, self.model.forward(images), batch.labels)
    }
}

/// Scales all of `grads` by one factor so that their joint L2 norm is at most `max_norm`, as
/// PyTorch's `clip_grad_norm_` (which mmengine's `clip_grad` calls). The factor stays on the
/// device: no synchronisation.
fn clip_joint_norm<M: Module>(
    module: &M,
    grads: GradientsParams,
    max_norm: f32,
) -> GradientsParams {
    let mut squares = SquaredNorm {
        grads: &grads,
        total: None,
    };
    module.visit(&mut squares);
    let Some(total) = squares.total else {
        return grads;
    };
    let factor = total
        .sqrt()
        .add_scalar(1e-6)
        .recip()
        .mul_scalar(max_norm)
        .clamp_max(1.0);
    let mut scale = Scale { grads, factor };
    module.visit(&mut scale);
    scale.grads
}

/// Sums the squares of every gradient of a module's float parameters.
struct SquaredNorm<'a> {
    grads: &'a GradientsParams,
    total: Option<Tensor<1>>,
}

impl ModuleVisitor for SquaredNorm<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(grad) = self.grads.get::<D>(param.id) {
            let sum = grad.square().sum();
            self.total = Some(match self.total.take() {
                Some(total) => total + sum,
                None => sum,
            });
        }
    }
}

/// Multiplies every gradient of a module's float parameters by `factor` (shape `[1]`).
struct Scale {
    grads: GradientsParams,
    factor: Tensor<1>,
}

impl ModuleVisitor for Scale {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(grad) = self.grads.remove::<D>(param.id) {
            let factor = self.factor.clone().unsqueeze::<D>();
            self.grads.register(param.id, grad.mul(factor));
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::nn::{Linear, LinearConfig};
    use burn::tensor::Device;

    use super::*;

    #[derive(Module, Debug)]
    struct Two {
        a: Linear,
        b: Linear,
    }

    /// Gradients 3 and 4 (joint norm 5) of two one-weight layers.
    fn setup() -> (Two, GradientsParams) {
        let device = Device::flex().autodiff();
        let layer = || LinearConfig::new(1, 1).with_bias(false).init(&device);
        let two = Two {
            a: layer(),
            b: layer(),
        };
        let mut grads = GradientsParams::new();
        grads.register(
            two.a.weight.id,
            Tensor::<2>::from_floats([[3.0]], &Device::flex()),
        );
        grads.register(
            two.b.weight.id,
            Tensor::<2>::from_floats([[4.0]], &Device::flex()),
        );
        (two, grads)
    }

    fn value(grads: &GradientsParams, param: &Param<Tensor<2>>) -> f32 {
        grads.get::<2>(param.id).unwrap().into_scalar::<f32>()
    }

    #[test]
    fn clipping_scales_all_gradients_together() {
        let (two, grads) = setup();
        let grads = clip_joint_norm(&two, grads, 1.0);
        assert!((value(&grads, &two.a.weight) - 0.6).abs() < 1e-5);
        assert!((value(&grads, &two.b.weight) - 0.8).abs() < 1e-5);
    }

    #[test]
    fn gradients_within_the_norm_are_unchanged() {
        let (two, grads) = setup();
        let grads = clip_joint_norm(&two, grads, 10.0);
        assert!((value(&grads, &two.a.weight) - 3.0).abs() < 1e-5);
        assert!((value(&grads, &two.b.weight) - 4.0).abs() < 1e-5);
    }
}
