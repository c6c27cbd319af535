//! Metric values against hand-computed mmpretrain results.

use serde_json::json;

use super::build_evaluator;

/// Six samples over three classes: predictions (arg-max) 0,1,1,2,2,0; labels 0,1,2,2,0,0.
fn run(config: serde_json::Value) -> Vec<(String, f64)> {
    let scores: Vec<f32> = vec![
        0.7, 0.2, 0.1, //
        0.1, 0.8, 0.1, //
        0.2, 0.5, 0.3, //
        0.1, 0.2, 0.7, //
        0.3, 0.1, 0.6, //
        0.5, 0.4, 0.1,
    ];
    let labels = [0, 1, 2, 2, 0, 0];
    let mut metrics = build_evaluator(&config, "val_evaluator").unwrap();
    for metric in &mut metrics {
        // Two batches: the values are over the whole split.
        metric.process(&scores[..9], 3, &labels[..3]);
        metric.process(&scores[9..], 3, &labels[3..]);
    }
    super::compute_all(&metrics)
}

fn close(actual: Vec<(String, f64)>, expected: &[(&str, f64)]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for ((name, value), (e_name, e_value)) in actual.iter().zip(expected) {
        assert_eq!(name, e_name);
        assert!((value - e_value).abs() < 1e-9, "{actual:?}");
    }
}

#[test]
fn accuracy_top1_and_top2() {
    // Top-1: samples 0, 1, 3, 5 → 4/6. Top-2 adds 2 (0.3 second) and 4 (0.3 second) → 6/6.
    close(
        run(json!({"type": "Accuracy", "topk": [1, 2]})),
        &[("accuracy/top1", 400.0 / 6.0), ("accuracy/top2", 100.0)],
    );
}

#[test]
fn single_label_macro_micro_and_classwise() {
    // Per class: tp 2,1,1; predicted 2,2,2; true 3,1,2.
    let precision = [100.0, 50.0, 50.0];
    let recall = [200.0 / 3.0, 100.0, 50.0];
    let f1: Vec<f64> = precision
        .iter()
        .zip(&recall)
        .map(|(p, r)| 2.0 * p * r / (p + r))
        .collect();
    close(
        run(json!({"type": "SingleLabelMetric"})),
        &[
            ("single-label/precision", 200.0 / 3.0),
            ("single-label/recall", (200.0 / 3.0 + 150.0) / 3.0),
            ("single-label/f1-score", f1.iter().sum::<f64>() / 3.0),
        ],
    );
    close(
        run(json!({"type": "SingleLabelMetric", "average": "micro", "items": ["precision"]})),
        &[("single-label/precision_micro", 400.0 / 6.0)],
    );
    close(
        run(json!({"type": "SingleLabelMetric", "average": null, "items": ["recall"]})),
        &[
            ("single-label/recall_classwise/0", recall[0]),
            ("single-label/recall_classwise/1", recall[1]),
            ("single-label/recall_classwise/2", recall[2]),
        ],
    );
}

#[test]
fn evaluator_errors_name_the_key() {
    let error = build_evaluator(
        &json!([{"type": "Accuracy"}, {"type": "AUC"}]),
        "val_evaluator",
    )
    .unwrap_err();
    assert!(
        error.to_string().starts_with("val_evaluator[1].type"),
        "{error}"
    );
    // Counted per class when computed: bounded as a layer's width (2⁴⁰ aborted on allocation).
    let huge = json!({"type": "SingleLabelMetric", "num_classes": 1_u64 << 40});
    let error = build_evaluator(&huge, "val_evaluator").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("val_evaluator.num_classes: 1099511627776 is over the limit"),
        "{error}"
    );
    let error =
        build_evaluator(&json!({"type": "Accuracy", "topk": 0}), "test_evaluator").unwrap_err();
    assert!(
        error.to_string().starts_with("test_evaluator.topk"),
        "{error}"
    );
}
