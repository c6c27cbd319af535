//! burn-train's Learner trains on an `ImageDataLoader`: the loader is what `SupervisedTraining`
//! takes, one epoch per `iter` call.

use crate::common;

use std::sync::Arc;

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::nn::{Linear, LinearConfig};
use burn::optim::SgdConfig;
use burn::tensor::{Device, Tensor};
use burn::train::metric::{AccuracyMetric, LossMetric};
use burn::train::{
    ClassificationOutput, InferenceStep, Learner, SupervisedTraining, TrainOutput, TrainStep,
};
use common::data;
use datasets::{ImageBatch, ImageDataLoader};
use registry_core::BuildContext;
use serde_json::json;

/// A linear probe on 12 × 12 crops.
#[derive(Module, Debug)]
struct Probe {
    fc: Linear,
}

impl Probe {
    fn forward(&self, batch: ImageBatch) -> ClassificationOutput {
        let [n, c, h, w] = batch.images.dims();
        let flat: Tensor<2> = batch.images.reshape([n, c * h * w]).div_scalar(255.0);
        let logits = self.fc.forward(flat);
        let labels = batch.labels.expect("a labelled dataset");
        let loss = CrossEntropyLossConfig::new()
            .init(&logits.device())
            .forward(logits.clone(), labels.clone());
        ClassificationOutput::new(loss, logits, labels)
    }
}

impl TrainStep for Probe {
    type Input = ImageBatch;
    type Output = ClassificationOutput;

    fn step(&self, batch: ImageBatch) -> TrainOutput<ClassificationOutput> {
        let output = self.forward(batch);
        TrainOutput::new(self, output.loss.backward(), output)
    }
}

impl InferenceStep for Probe {
    type Input = ImageBatch;
    type Output = ClassificationOutput;

    fn step(&self, batch: ImageBatch) -> ClassificationOutput {
        self.forward(batch)
    }
}

fn loader(shuffle: bool, device: &Device) -> ImageDataLoader {
    let config = json!({
        "batch_size": 4, "num_workers": 2,
        "dataset": {"type": "CustomDataset", "data_root": data("folder"), "pipeline": [
            {"type": "LoadImageFromFile"}, {"type": "RandomResizedCrop", "scale": 12},
            {"type": "RandomFlip", "prob": 0.5}, {"type": "PackInputs"}]},
        "sampler": {"type": "DefaultSampler", "shuffle": shuffle},
    });
    ImageDataLoader::from_config(&config, 0, device, &mut BuildContext::default()).unwrap()
}

#[test]
fn the_learner_trains_on_the_dataloader() {
    let device = Device::flex();
    let autodiff = device.clone().autodiff();
    let train = loader(true, &autodiff);
    let valid = loader(false, &device);
    let (train_handle, valid_handle) = (train.clone(), valid.clone());
    let model = Probe {
        fc: LinearConfig::new(3 * 12 * 12, 4).init(&autodiff),
    };
    let learner = Learner::new(model, SgdConfig::new().init(), 0.01);
    let dir = tempfile::tempdir().unwrap();
    let result = SupervisedTraining::new(dir.path(), Arc::new(train), Arc::new(valid))
        .num_epochs(2)
        .metric_train_numeric(LossMetric::new())
        .metric_valid_numeric(AccuracyMetric::new())
        .launch(learner);
    assert!(result.error.is_none(), "{:?}", result.error);
    assert!(result.interrupted.is_none());
    assert_eq!(
        train_handle.next_epoch(),
        2,
        "one iteration of the loader per epoch"
    );
    assert!(
        valid_handle.next_epoch() >= 2,
        "validated after every epoch"
    );
}
