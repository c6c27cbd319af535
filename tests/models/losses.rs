//! The losses and the head's accuracy match mmpretrain's numbers (computed here in f64 from
//! PyTorch's definitions).

use models::heads::topk_accuracy;
use registry_core::burn::tensor::{Device, Tensor};
use registry_core::{HEADS, Head, LOSSES, Loss, Targets};
use serde_json::{Value, json};

use crate::common::{labels, values};

const LOGITS: [[f64; 3]; 2] = [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]];
const LABELS: [usize; 2] = [0, 2];

fn logits() -> Tensor<2> {
    let rows = LOGITS.map(|row| row.map(|x| x as f32));
    Tensor::from_floats(rows, &Device::flex())
}

fn loss(config: Value) -> Box<dyn Loss> {
    LOSSES
        .build(&config)
        .unwrap_or_else(|error| panic!("{config}: {error}"))
}

/// The loss of `config` on [`LOGITS`] against `targets`.
fn value(config: Value, targets: &Targets) -> f64 {
    values(loss(config).forward(logits(), targets))[0] as f64
}

fn label_targets() -> Targets {
    Targets::Labels(labels(
        &[LABELS[0] as i64, LABELS[1] as i64],
        &Device::flex(),
    ))
}

fn score_targets(scores: [[f32; 3]; 2]) -> Targets {
    Targets::Scores(Tensor::from_floats(scores, &Device::flex()))
}

fn log_softmax(row: &[f64; 3]) -> [f64; 3] {
    let max = row.iter().copied().fold(f64::MIN, f64::max);
    let sum: f64 = row.iter().map(|x| (x - max).exp()).sum();
    row.map(|x| x - max - sum.ln())
}

/// `-Σ_c w_c y_c log softmax(x)_c` per row.
fn soft_ce(targets: &[[f64; 3]; 2], weights: [f64; 3]) -> [f64; 2] {
    [0, 1].map(|n| {
        let log_p = log_softmax(&LOGITS[n]);
        -(0..3)
            .map(|c| weights[c] * targets[n][c] * log_p[c])
            .sum::<f64>()
    })
}

/// PyTorch's `binary_cross_entropy_with_logits` per element.
fn bce(targets: &[[f64; 3]; 2], weights: [f64; 3], pos_weight: [f64; 3]) -> [[f64; 3]; 2] {
    [0, 1].map(|n| {
        [0, 1, 2].map(|c| {
            let (x, y) = (LOGITS[n][c], targets[n][c]);
            let log_sigmoid = -(1.0 + (-x).exp()).ln();
            let log_one_minus = -(1.0 + x.exp()).ln();
            -weights[c] * (pos_weight[c] * y * log_sigmoid + (1.0 - y) * log_one_minus)
        })
    })
}

fn one_hot() -> [[f64; 3]; 2] {
    let mut rows = [[0.0; 3]; 2];
    for (n, &label) in LABELS.iter().enumerate() {
        rows[n][label] = 1.0;
    }
    rows
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-5 * expected.abs().max(1.0),
        "{actual} vs {expected}"
    );
}

#[test]
fn cross_entropy_with_labels_class_weights_and_reductions() {
    let nll = soft_ce(&one_hot(), [1.0; 3]);
    close(
        value(json!({"type": "CrossEntropyLoss"}), &label_targets()),
        (nll[0] + nll[1]) / 2.0,
    );
    // Class weights weigh each image's loss by its class; not normalised (PyTorch's
    // reduction='none' then the head's sum / N).
    let weighted = soft_ce(&one_hot(), [1.0, 2.0, 3.0]);
    close(
        value(
            json!({"type": "CrossEntropyLoss", "class_weight": [1.0, 2.0, 3.0]}),
            &label_targets(),
        ),
        (weighted[0] + weighted[1]) / 2.0,
    );
    close(
        value(
            json!({"type": "CrossEntropyLoss", "loss_weight": 0.5}),
            &label_targets(),
        ),
        (nll[0] + nll[1]) / 4.0,
    );
    close(
        value(
            json!({"type": "CrossEntropyLoss", "reduction": "sum"}),
            &label_targets(),
        ),
        nll[0] + nll[1],
    );
    close(
        value(
            json!({"type": "CrossEntropyLoss", "reduction": "none"}),
            &label_targets(),
        ),
        (nll[0] + nll[1]) / 2.0,
    );
}

#[test]
fn soft_cross_entropy_of_score_targets() {
    let scores = [[0.2, 0.8, 0.0], [0.0, 0.3, 0.7]];
    let expected = soft_ce(&scores.map(|row| row.map(f64::from)), [1.0; 3]);
    let targets = score_targets(scores);
    close(
        value(
            json!({"type": "CrossEntropyLoss", "use_soft": true}),
            &targets,
        ),
        (expected[0] + expected[1]) / 2.0,
    );
    // The plain form gives the same numbers on score targets (PyTorch's probability targets).
    close(
        value(json!({"type": "CrossEntropyLoss"}), &targets),
        (expected[0] + expected[1]) / 2.0,
    );
}

#[test]
fn sigmoid_cross_entropy_sums_classes_and_averages_images() {
    let sum = |rows: [[f64; 3]; 2]| rows.iter().flatten().sum::<f64>();
    let plain = bce(&one_hot(), [1.0; 3], [1.0; 3]);
    close(
        value(
            json!({"type": "CrossEntropyLoss", "use_sigmoid": true}),
            &label_targets(),
        ),
        sum(plain) / 2.0,
    );
    close(
        value(
            json!({"type": "CrossEntropyLoss", "use_sigmoid": true, "reduction": "none"}),
            &label_targets(),
        ),
        sum(plain) / 6.0,
    );
    let weighted = bce(&one_hot(), [0.5, 1.0, 2.0], [1.0, 3.0, 0.5]);
    close(
        value(
            json!({"type": "CrossEntropyLoss", "use_sigmoid": true,
                   "class_weight": [0.5, 1.0, 2.0], "pos_weight": [1.0, 3.0, 0.5]}),
            &label_targets(),
        ),
        sum(weighted) / 2.0,
    );
}

#[test]
fn label_smoothing_in_its_three_modes() {
    let smooth = |eps: f64| one_hot().map(|row| row.map(|y| y * (1.0 - eps) + eps / 3.0));
    let original = soft_ce(&smooth(0.1), [1.0; 3]);
    close(
        value(
            json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1}),
            &label_targets(),
        ),
        (original[0] + original[1]) / 2.0,
    );
    close(
        value(
            json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1, "loss_weight": 2.0}),
            &label_targets(),
        ),
        original[0] + original[1],
    );
    // ClassyVision: (y + ε/K) / (1 + ε).
    let classy = soft_ce(&smooth(0.1 / 1.1), [1.0; 3]);
    close(
        value(
            json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1, "mode": "classy_vision"}),
            &label_targets(),
        ),
        (classy[0] + classy[1]) / 2.0,
    );
    // Multi-label: 1 - ε for positives, ε otherwise, binary cross-entropy by default.
    let multi = one_hot().map(|row| row.map(|y| if y > 0.0 { 0.9 } else { 0.1 }));
    let expected: f64 = bce(&multi, [1.0; 3], [1.0; 3])
        .iter()
        .flatten()
        .sum::<f64>()
        / 2.0;
    close(
        value(
            json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1, "mode": "multi_label"}),
            &label_targets(),
        ),
        expected,
    );
    // Mixed score targets are smoothed as they are.
    let scores = [[0.5, 0.5, 0.0], [0.0, 0.25, 0.75]];
    let mixed = scores.map(|row| row.map(|y| f64::from(y) * 0.8 + 0.2 / 3.0));
    let expected = soft_ce(&mixed, [1.0; 3]);
    close(
        value(
            json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.2}),
            &score_targets(scores),
        ),
        (expected[0] + expected[1]) / 2.0,
    );
}

#[test]
fn loss_config_errors() {
    for (config, expected) in [
        (
            json!({"type": "CrossEntropyLoss", "use_sigmoid": true, "use_soft": true}),
            "use_soft: use_sigmoid and use_soft cannot both be set (in CrossEntropyLoss)",
        ),
        (
            json!({"type": "CrossEntropyLoss", "pos_weight": [1.0]}),
            "pos_weight: pos_weight applies only to the binary cross-entropy: set use_sigmoid=True (in CrossEntropyLoss)",
        ),
        (
            json!({"type": "CrossEntropyLoss", "reduction": "avg"}),
            "reduction: unknown variant `avg`, expected one of `none`, `mean`, `sum` (in CrossEntropyLoss)",
        ),
        (
            json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1, "mode": "smooth"}),
            "mode: unknown variant `smooth`, expected one of `original`, `classy_vision`, `multi_label` (in LabelSmoothLoss)",
        ),
        (
            json!({"type": "LabelSmoothLoss"}),
            "<root>: missing field `label_smooth_val` (in LabelSmoothLoss)",
        ),
    ] {
        let error = LOSSES.build(&config).expect_err("must not build");
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn topk_accuracy_counts_as_mmpretrain_with_its_zero_threshold() {
    let scores = Tensor::<2>::from_floats(
        [
            [0.1, 3.0, 2.0, -1.0],    // label 1: top-1
            [2.0, 1.0, 0.5, 0.2],     // label 2: top-3 only
            [-0.5, -2.0, -3.0, -4.0], // label 0: top-1, but its score is not above 0
            [1.0, 2.0, 3.0, 4.0],     // label 0: top-4 only
        ],
        &Device::flex(),
    );
    let labels = labels(&[1, 2, 0, 0], &Device::flex());
    let accuracy: Vec<f32> = topk_accuracy(scores, labels, &[1, 3, 4])
        .into_iter()
        .map(|value| values(value)[0])
        .collect();
    assert_eq!(accuracy, [25.0, 50.0, 75.0]);
}

#[test]
fn the_multi_label_head_one_hot_encodes_labels_and_predicts_sigmoids() {
    let head = |config: Value| -> Box<dyn Head> {
        HEADS
            .build(&config)
            .unwrap_or_else(|error| panic!("{config}: {error}"))
    };
    let loss = |head: &dyn Head, targets: &Targets| values(head.loss(logits(), targets).loss)[0];
    let sum = |rows: [[f64; 3]; 2]| rows.iter().flatten().sum::<f64>();
    // mmpretrain's default loss, CrossEntropyLoss(use_sigmoid=True), against one-hot rows.
    let sigmoid_head = head(json!({"type": "MultiLabelLinearClsHead", "num_classes": 3,
                                   "in_channels": 4}));
    close(
        loss(&*sigmoid_head, &label_targets()) as f64,
        sum(bce(&one_hot(), [1.0; 3], [1.0; 3])) / 2.0,
    );
    // The mixup config's head: soft cross-entropy, of labels and of mixed scores.
    let soft_head = head(json!({"type": "MultiLabelLinearClsHead", "num_classes": 3,
                                "in_channels": 4, "loss": {"type": "CrossEntropyLoss",
                                "loss_weight": 1.0, "use_soft": true}}));
    let nll = soft_ce(&one_hot(), [1.0; 3]);
    close(
        loss(&*soft_head, &label_targets()) as f64,
        (nll[0] + nll[1]) / 2.0,
    );
    let mixed = [[0.7, 0.3, 0.0], [0.0, 0.4, 0.6]];
    let nll = soft_ce(&mixed.map(|row| row.map(f64::from)), [1.0; 3]);
    close(
        loss(
            &*soft_head,
            &score_targets(mixed.map(|row| row.map(|v| v as f32))),
        ) as f64,
        (nll[0] + nll[1]) / 2.0,
    );
    // Predictions: each class's sigmoid; the label is the best-scored class.
    let prediction = soft_head.predict(logits());
    let expected: Vec<f64> = LOGITS
        .iter()
        .flatten()
        .map(|x| 1.0 / (1.0 + (-x).exp()))
        .collect();
    for (actual, expected) in values(prediction.scores).iter().zip(expected) {
        close(f64::from(*actual), expected);
    }
    let labels: Vec<i64> = prediction
        .labels
        .into_data()
        .convert::<i64>()
        .try_to_vec::<i64>()
        .unwrap();
    assert_eq!(labels, [2, 2]);
    let error = HEADS
        .build(
            &json!({"type": "MultiLabelLinearClsHead", "num_classes": 3, "in_channels": 4,
                       "topk": 4}),
        )
        .map(|_: Box<dyn Head>| ())
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("topk: expected 1 ≤ k ≤ 3"), "{error}");
}
