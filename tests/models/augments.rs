//! Mixup, CutMix and the classifier's batch augments, and the data preprocessor.

use models::augments::{CutMix, Mixup, RandomBatchAugment};
use models::classifiers::{ClsDataPreprocessor, ImageClassifier};
use registry_core::burn::module::Module;
use registry_core::burn::tensor::{Device, Tensor};
use registry_core::erased::DynModule;
use registry_core::{BATCH_AUGMENTS, BatchAugment, BuildContext, Model, ModelKind, Targets};
use serde_json::json;

use crate::common::{classifier, images, labels, model, values};

const N: usize = 6;

/// Image `i` has label `i`, so that mixed targets say exactly which images were mixed.
fn batch() -> (Tensor<4>, Targets) {
    let device = Device::flex();
    let labels = labels(&[0, 1, 2, 3, 4, 5], &device);
    (images(N, 8, &device), Targets::Labels(labels))
}

fn rows(tensor: Tensor<4>) -> Vec<Vec<f32>> {
    let per_image = tensor.dims()[1..].iter().product::<usize>();
    values(tensor)
        .chunks(per_image)
        .map(<[f32]>::to_vec)
        .collect()
}

fn score_rows(scores: Tensor<2>) -> Vec<Vec<f32>> {
    values(scores).chunks(N).map(<[f32]>::to_vec).collect()
}

#[test]
fn mixup_blends_images_exactly_as_their_targets() {
    for seed in 0..4 {
        let (x, targets) = batch();
        let mixup = Mixup::new(0.4).with_seed(seed);
        let (mixed, scores) = mixup.apply(x.clone(), &targets, N);
        let (x, mixed, scores) = (rows(x), rows(mixed), score_rows(scores));
        for (i, row) in scores.iter().enumerate() {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{row:?}");
            assert!(row.iter().filter(|&&s| s > 0.0).count() <= 2);
            // mixed_i = Σ_j s_ij x_j
            for (k, pixel) in mixed[i].iter().enumerate() {
                let expected: f32 = (0..N).map(|j| row[j] * x[j][k]).sum();
                assert!((pixel - expected).abs() < 1e-5, "seed {seed}, image {i}");
            }
        }
    }
}

#[test]
fn cutmix_pastes_a_box_and_weighs_targets_by_its_area() {
    let mut pasted_somewhere = false;
    for seed in 0..6 {
        let (x, targets) = batch();
        let cutmix = CutMix::new(1.0).with_seed(seed);
        let (mixed, scores) = cutmix.apply(x.clone(), &targets, N);
        let (x, mixed, scores) = (rows(x), rows(mixed), score_rows(scores));
        for (i, row) in scores.iter().enumerate() {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{row:?}");
            let partner = (0..N).find(|&j| j != i && row[j] > 0.0);
            let changed = mixed[i].iter().zip(&x[i]).filter(|(a, b)| a != b).count();
            match partner {
                // Pixels come from the partner in the box, from the image elsewhere.
                Some(j) => {
                    pasted_somewhere = true;
                    for (k, pixel) in mixed[i].iter().enumerate() {
                        assert!(*pixel == x[i][k] || *pixel == x[j][k]);
                    }
                    let area = changed as f32 / (3 * 8 * 8) as f32;
                    assert!((row[j] - area).abs() < 1e-6, "{} vs {area}", row[j]);
                }
                None => assert!(changed == 0 || row[i] == 1.0),
            }
        }
    }
    assert!(pasted_somewhere, "CutMix never pasted a box");
}

#[test]
fn batch_augments_with_probability_zero_leave_the_batch_alone() {
    let mut ctx = BuildContext::default();
    let augments = RandomBatchAugment::build(
        &json!([{"type": "Mixup", "alpha": 1.0}]),
        &json!([0.0]),
        &mut ctx,
    )
    .unwrap();
    let (x, targets) = batch();
    let (same, scores) = augments.apply(x.clone(), &targets, N);
    assert_eq!(values(same), values(x));
    assert_eq!(values(scores), values(targets.to_scores(N)));
    assert!(BATCH_AUGMENTS.contains("Mixup") && BATCH_AUGMENTS.contains("CutMix"));
}

#[test]
fn the_classifier_applies_its_augments_only_when_training() {
    let mut config = classifier(
        json!({"type": "ResNet_CIFAR", "depth": 18, "base_channels": 8, "stem_channels": 8}),
        64,
        N,
    );
    config["train_cfg"] = json!({"augments": [{"type": "Mixup", "alpha": 0.2},
                                              {"type": "CutMix", "alpha": 1.0}],
                                 "probs": [0.5, 0.5]});
    let device = Device::flex().autodiff();
    let model = model(&config, &device);
    let classifier = |model: &dyn Model| {
        DynModule::<ModelKind>::as_any(model)
            .downcast_ref::<ImageClassifier>()
            .expect("an ImageClassifier")
            .clone()
    };
    let x = images(2, 16, &device);
    assert!(classifier(&*model).augments_apply(&x));
    assert!(!classifier(&*model).augments_apply(&images(2, 16, &Device::flex())));
    let valid = model.valid();
    assert!(!classifier(&*valid).augments_apply(&x));
    assert!(classifier(&*Module::train(valid)).augments_apply(&x));
    let augments = classifier(&*model).batch_augments.expect("augments");
    assert_eq!(augments.augments.len(), 2);
    assert_eq!(augments.probs, Some(vec![0.5, 0.5]));

    // data_preprocessor.batch_augments overrides train_cfg, as in mmpretrain.
    config["data_preprocessor"] =
        json!({"batch_augments": {"augments": {"type": "CutMix", "alpha": 1.0}}});
    let model = crate::common::model(&config, &device);
    assert_eq!(
        classifier(&*model).batch_augments.unwrap().augments.len(),
        1
    );
    // A training loss with augments runs end to end.
    let output = model.loss(x, Targets::Labels(labels(&[0, 1], &device)));
    assert!(values(output.loss)[0].is_finite());
}

#[test]
fn the_preprocessor_converts_normalises_and_pads() {
    let preprocessor: ClsDataPreprocessor = serde_json::from_value(json!({
        "type": "ClsDataPreprocessor",
        "mean": [1.0, 2.0, 3.0], "std": [2.0, 4.0, 8.0], "to_rgb": true,
        "pad_size_divisor": 4, "pad_value": -1.0, "to_onehot": true,
    }))
    .unwrap();
    let device = Device::flex();
    // One 3×1×2 image, channel c filled with c + 1: BGR values 1, 2, 3.
    let image = Tensor::<4>::from_floats([[[[1.0, 1.0]], [[2.0, 2.0]], [[3.0, 3.0]]]], &device);
    let out = preprocessor.preprocess_images(image);
    assert_eq!(out.dims(), [1, 3, 4, 4]);
    let out = values(out);
    // RGB: 3, 2, 1; normalised: (3 - 1) / 2, (2 - 2) / 4, (1 - 3) / 8; padded with -1.
    assert_eq!(&out[0..4], [1.0, 1.0, -1.0, -1.0]);
    assert_eq!(&out[16..20], [0.0, 0.0, -1.0, -1.0]);
    assert_eq!(&out[32..36], [-0.25, -0.25, -1.0, -1.0]);
    assert!(out[4..16].iter().all(|&v| v == -1.0));
    let targets = preprocessor.preprocess_targets(Targets::Labels(labels(&[2], &device)), 4);
    match targets {
        Targets::Scores(scores) => assert_eq!(values(scores), [0.0, 0.0, 1.0, 0.0]),
        Targets::Labels(_) => panic!("to_onehot gives scores"),
    }
}

/// The error of building `augments` (with `probs`) as a classifier's `train_cfg`.
fn augments_error(augments: serde_json::Value, probs: serde_json::Value) -> String {
    RandomBatchAugment::build(&augments, &probs, &mut BuildContext::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn mmcls_batch_augments_are_picked_by_their_own_prob() {
    let build = |augments| {
        RandomBatchAugment::build(&augments, &json!(null), &mut BuildContext::default())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // configs/_base_/models/resnet50_cutmix.py: one dict, always applied.
    let cutmix = build(json!({"type": "BatchCutMix", "alpha": 1.0, "num_classes": N, "prob": 1.0}));
    assert_eq!(cutmix.probs, Some(vec![1.0]));
    // 0.x's docstring example: CutMix 0.5, Mixup 0.3, no augment 0.2.
    let both = build(json!([
        {"type": "BatchCutMix", "alpha": 1.0, "num_classes": N, "prob": 0.5},
        {"type": "BatchMixup", "alpha": 1.0, "num_classes": N, "prob": 0.3},
    ]));
    assert_eq!(both.probs, Some(vec![0.5, 0.3]));
    // Picked with prob 0: the batch unchanged; with prob 1: mixed.
    let (x, targets) = batch();
    let never = build(json!({"type": "BatchMixup", "alpha": 1.0, "num_classes": N, "prob": 0.0}));
    let (same, _) = never.apply(x.clone(), &targets, N);
    assert_eq!(values(same), values(x.clone()));
    // The inner Mixup draws λ and its permutation from the thread RNG: one batch in 720 is
    // paired with itself (the identity permutation), so a mixed pair is looked for in 20.
    let always = build(json!({"type": "BatchMixup", "alpha": 1.0, "num_classes": N})).with_seed(3);
    let mixes_a_pair = (0..20).any(|_| {
        let (mixed, scores) = always.apply(x.clone(), &targets, N);
        values(mixed) != values(x.clone())
            && score_rows(scores)
                .iter()
                .any(|row| row.iter().filter(|&&s| s > 0.0).count() == 2)
    });
    assert!(
        mixes_a_pair,
        "BatchMixup with prob 1 never mixed two images"
    );
}

#[test]
fn mmcls_batch_augments_check_their_arguments_as_0x() {
    let cases = [
        (
            json!({"type": "BatchCutMix", "alpha": 0.0, "num_classes": 10}),
            json!(null),
            "augments.alpha: expected alpha > 0",
        ),
        (
            json!({"type": "BatchCutMix", "alpha": 1.0, "num_classes": 0}),
            json!(null),
            "augments.num_classes: expected a positive number",
        ),
        (
            json!({"type": "BatchMixup", "alpha": 1.0, "num_classes": 10, "prob": 1.5}),
            json!(null),
            "augments.prob: expected a probability in [0, 1]",
        ),
        (
            json!({"type": "BatchCutMix", "alpha": 1.0}),
            json!(null),
            "augments: missing field `num_classes`",
        ),
        (
            json!([{"type": "BatchCutMix", "alpha": 1.0, "num_classes": 10, "prob": 0.7},
                {"type": "BatchMixup", "alpha": 1.0, "num_classes": 10, "prob": 0.7}]),
            json!(null),
            "augments: the total probability of batch augments exceeds 1",
        ),
        (
            json!([{"type": "BatchCutMix", "alpha": 1.0, "num_classes": 10}, {"type": "Mixup", "alpha": 1.0}]),
            json!(null),
            "augments: mmcls 0.x augments (BatchMixup, BatchCutMix) are picked by their own `prob`",
        ),
    ];
    for (augments, probs, expected) in cases {
        let message = augments_error(augments.clone(), probs);
        assert!(message.starts_with(expected), "{augments}: {message}");
    }
}
