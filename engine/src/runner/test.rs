//! [`test`]: mmengine's `Runner.test()`: the checkpoint's weights in the config's model, run over
//! `test_dataloader`, scored by `test_evaluator`.
//!
//! The loop is written here rather than run through burn-train's evaluator because `--out` needs
//! every sample's scores back, in dataset order, with its path and label; burn-train's evaluator
//! only reports aggregated metrics.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};
use burn::tensor::Device;
use burn::tensor::activation::softmax;
use registry_core::{BuildContext, KeyPath, MODELS};
use serde_json::Value;

use super::Trainee;
use super::keys::{TEST_KEYS, report, required, seed};
use super::resume::load_weights;
use crate::config::{Notes, Unhonoured};
use crate::data::{ClsBatch, DataContext, DataSource};
use crate::evaluator::{build_evaluator, compute_all};
use crate::hooks::build_hooks;
use crate::loops::build_loop;

/// How `test` runs, besides the config.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// The work dir (mmengine writes the test log there; nothing is written here).
    pub work_dir: PathBuf,
    /// The device.
    pub device: Device,
}

/// One test sample's prediction, as mmpretrain's `--out`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Prediction {
    /// The sample's index in the dataset.
    #[serde(skip)]
    pub index: usize,
    /// Its file (`None` for CIFAR/MNIST arrays).
    pub img_path: Option<String>,
    /// The true class.
    pub gt_label: i64,
    /// The predicted class.
    pub pred_label: usize,
    /// The softmax score of each class.
    pub pred_score: Vec<f32>,
}

/// What a test run found.
#[derive(Debug, Clone)]
pub struct TestReport {
    /// The evaluator's values, by mmpretrain's names (`accuracy/top1`).
    pub metrics: Vec<(String, f64)>,
    /// One per test sample, in dataset order.
    pub predictions: Vec<Prediction>,
    /// Config keys not followed.
    pub notes: Vec<Unhonoured>,
}

/// Tests `checkpoint` (a runner checkpoint, or any weights file `load_from` takes) on the
/// config's `test_dataloader` with its `test_evaluator`.
pub fn test(
    config: &Value,
    checkpoint: &Path,
    options: &TestOptions,
    data: &dyn DataSource,
) -> anyhow::Result<TestReport> {
    let mut notes = Notes::default();
    report(config, TEST_KEYS, &mut notes)?;
    build_loop(
        config.get("test_cfg").unwrap_or(&Value::Null),
        "test_cfg",
        "TestLoop",
    )?;
    let hooks = build_hooks(config.get("default_hooks"), config.get("custom_hooks"))?;
    for (path, reason) in &hooks.notes {
        notes.unhonoured(path.as_str(), reason.as_str());
    }
    for note in notes.all() {
        eprintln!("not honoured: {note}");
    }
    let loader_cfg = required(
        config,
        "test_dataloader",
        "testing needs a test_dataloader dict",
    )?;
    let evaluator = config
        .get("test_evaluator")
        .filter(|value| !value.is_null())
        .ok_or_else(|| anyhow!("test_evaluator: missing; testing needs e.g. test_evaluator=dict(type='Accuracy', topk=(1,))"))?;
    let mut metrics = build_evaluator(evaluator, "test_evaluator")?;
    let device = options.device.clone();
    let mut ctx = BuildContext::new(device.clone()).at(KeyPath::root().key("model"));
    let mut model = MODELS
        .build_in(&Trainee::model_dict(config)?, &mut ctx)
        .map_err(|error| anyhow!("{error}"))?;
    load_weights(&mut model, checkpoint, "checkpoint")?;
    let trainee = Trainee::new(model, 1, None)?;
    let ctx = DataContext {
        device,
        seed: seed(config)?,
        epoch: 0,
    };
    let loader = data.dataloader("test_dataloader", loader_cfg, &ctx)?;
    let check = trainee.batch_check();
    let mut predictions = Vec::with_capacity(loader.num_samples);
    for batch in loader.loader.iter() {
        let batch = batch.map_err(|error| anyhow!("test_dataloader: {error}"))?;
        check
            .images(&batch, "test_dataloader")
            .map_err(|error| anyhow!(error))?;
        let (scores, labels) = score(&trainee, &batch)?;
        let classes = trainee.num_classes();
        let as_indices: Vec<usize> = labels
            .iter()
            .map(|&label| usize::try_from(label).unwrap_or(usize::MAX))
            .collect();
        for metric in &mut metrics {
            metric.process(&scores, classes, &as_indices);
        }
        predictions.extend(predictions_of(&batch, &scores, &labels, classes));
    }
    predictions.sort_by_key(|prediction| prediction.index);
    Ok(TestReport {
        metrics: compute_all(&metrics),
        predictions,
        notes: notes.all().to_vec(),
    })
}

/// The batch's softmax scores (row-major) and labels.
fn score(trainee: &Trainee, batch: &ClsBatch) -> anyhow::Result<(Vec<f32>, Vec<i64>)> {
    let scores = softmax(trainee.predict(batch), 1)
        .into_data()
        .convert::<f32>()
        .try_to_vec::<f32>()
        .map_err(|error| anyhow!("cannot read the model's scores: {error:?}"))?;
    let labels = batch
        .labels
        .clone()
        .into_data()
        .convert::<i64>()
        .try_to_vec::<i64>()
        .map_err(|error| anyhow!("cannot read the labels: {error:?}"))?;
    if scores.len() != labels.len() * trainee.num_classes() {
        bail!(
            "the model gave {} scores for {} samples of {} classes",
            scores.len(),
            labels.len(),
            trainee.num_classes()
        );
    }
    Ok((scores, labels))
}

/// Each sample's prediction.
fn predictions_of(
    batch: &ClsBatch,
    scores: &[f32],
    labels: &[i64],
    classes: usize,
) -> Vec<Prediction> {
    scores
        .chunks(classes.max(1))
        .zip(labels)
        .enumerate()
        .map(|(i, (row, &gt_label))| {
            let pred_label = row
                .iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |best, (class, &value)| {
                    if value > best.1 { (class, value) } else { best }
                })
                .0;
            Prediction {
                index: batch.indices.get(i).copied().unwrap_or(usize::MAX),
                img_path: batch
                    .img_paths
                    .get(i)
                    .filter(|path| !path.is_empty())
                    .cloned(),
                gt_label,
                pred_label,
                pred_score: row.to_vec(),
            }
        })
        .collect()
}
