//! The whole path against PyTorch: torchvision checkpoints with a config whose test pipeline is
//! ResizeEdge(256) + CenterCrop(224) give, on real photos, torchvision's top-5 labels and
//! scores within 1e-4, torchvision's preprocessing done by OpenCV (`data/make_reference.py`),
//! with the default bilinear resizing and with `interpolation='bicubic'`.

use crate::common;
use inference::{ClassPrediction, ImageClassificationInferencer};
use mmconfig::Config;

/// The predictions for the four photos, `checkpoint` loaded into the config `config`
/// (a file of the test data) with `options` merged, in batches of `batch`.
fn predict(config: &str, options: &[&str], checkpoint: &str, batch: usize) -> Vec<ClassPrediction> {
    let mut config = Config::from_file(common::data().join(config)).unwrap();
    config.merge_options(options).unwrap();
    let inferencer = ImageClassificationInferencer::new(&config, Some(checkpoint))
        .unwrap()
        .with_batch_size(batch);
    inferencer
        .predict_all(&common::photos())
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Checks each prediction against `reference.json[model]`: equal top-5 labels, scores within
/// `tolerance`.
fn assert_matches_torchvision(predictions: &[ClassPrediction], model: &str, tolerance: f32) {
    let reference = &common::reference()[model];
    let mut worst = 0f32;
    assert_eq!(predictions.len(), 4);
    for prediction in predictions {
        let name = std::path::Path::new(&prediction.img_path)
            .file_name()
            .unwrap();
        let expected = &reference[name.to_str().unwrap()];
        let labels: Vec<usize> = prediction.topk.iter().map(|top| top.label).collect();
        let expected_labels: Vec<usize> =
            serde_json::from_value(expected["labels"].clone()).unwrap();
        assert_eq!(
            labels, expected_labels,
            "{}: top-5 labels",
            prediction.img_path
        );
        let scores: Vec<f32> = serde_json::from_value(expected["scores"].clone()).unwrap();
        for (top, score) in prediction.topk.iter().zip(scores) {
            worst = worst.max((top.score - score).abs());
        }
        assert_eq!(prediction.pred_label, labels[0]);
        assert_eq!(prediction.pred_score, prediction.topk[0].score);
    }
    eprintln!("{model}: largest score difference from torchvision {worst:e}");
    assert!(
        worst <= tolerance,
        "{model}: a score differs from torchvision's by {worst}"
    );
}

const BICUBIC: &str = "test_dataloader.dataset.pipeline.1.interpolation=bicubic";

#[test]
fn tiny_torchvision_resnet_matches_torchvision_on_photos() {
    let checkpoint = common::tiny_checkpoint();
    let predictions = predict("tiny.py", &[BICUBIC], &checkpoint, 3);
    assert_matches_torchvision(&predictions, "tiny_bicubic", 1e-4);
    let predictions = predict("tiny.py", &[], &checkpoint, 3);
    assert_matches_torchvision(&predictions, "tiny", 1e-4);
    // CIFAR-10's names, from the dataset type.
    let cifar10 = [
        "airplane",
        "automobile",
        "bird",
        "cat",
        "deer",
        "dog",
        "frog",
        "horse",
        "ship",
        "truck",
    ];
    for prediction in &predictions {
        let class = prediction.pred_class.as_deref().unwrap();
        assert_eq!(class, cifar10[prediction.pred_label]);
    }
}

#[test]
fn torchvision_resnet18_matches_torchvision_on_photos() {
    let Some(checkpoint) = common::shared_resnet18() else {
        return;
    };
    let predictions = predict("resnet18_in1k.py", &[BICUBIC], &checkpoint, 4);
    assert_matches_torchvision(&predictions, "resnet18_bicubic", 1e-4);
    let predictions = predict("resnet18_in1k.py", &[], &checkpoint, 4);
    assert_matches_torchvision(&predictions, "resnet18", 1e-4);
    // ImageNet's 1,000 names, from the dataset type (label 238: a Swiss mountain dog).
    let top = &predictions[0].topk[0];
    assert_eq!(top.label, 238);
    assert_eq!(top.class.as_deref(), Some("Greater Swiss Mountain dog"));
}
