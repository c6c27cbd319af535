//! Hostile values: each is a clear error naming its key, before anything large is allocated.

use mmconfig::{Config, ConfigFormat};
use serde_json::{Value, json};

use crate::common::{build_error, classifier};

#[test]
fn absurd_depths_are_refused_by_name() {
    let error = build_error(&classifier(
        json!({"depth": 1_000_000_000_000_000_000_u64}),
        json!({}),
    ));
    assert!(
        error.starts_with("backbone.depth: invalid depth 1000000000000000000"),
        "{error}"
    );
    let error = build_error(&classifier(json!({"depth": -18}), json!({})));
    assert!(error.starts_with("backbone.depth:"), "{error}");
}

#[test]
fn zero_and_negative_channels_are_refused_by_name() {
    for key in ["in_channels", "stem_channels", "base_channels"] {
        for value in [json!(0), json!(-64)] {
            let error = build_error(&classifier(json!({key: value}), json!({})));
            assert!(
                error.starts_with(&format!("backbone.{key}:")),
                "{key}={value}: {error}"
            );
        }
    }
    for key in ["in_channels", "num_classes"] {
        let error = build_error(&classifier(json!({}), json!({key: -1})));
        assert!(error.starts_with(&format!("head.{key}:")), "{error}");
    }
}

#[test]
fn huge_widths_are_refused_before_allocating() {
    let huge = [1_u64 << 32, 1 << 40, 1_000_000_000_000_000_000, u64::MAX];
    for key in ["in_channels", "stem_channels", "base_channels", "expansion"] {
        for value in huge {
            let backbone = json!({"type": "ResNet", "depth": 50, key: value});
            let error = build_error(&classifier(backbone, json!({})));
            assert!(
                error.starts_with(&format!("backbone.{key}:")),
                "{key}={value}: {error}"
            );
        }
    }
    for key in ["in_channels", "num_classes"] {
        for value in huge {
            let error = build_error(&classifier(json!({}), json!({key: value})));
            assert!(
                error.starts_with(&format!("head.{key}:")),
                "{key}={value}: {error}"
            );
        }
    }
}

#[test]
fn widths_within_limits_but_too_many_parameters_are_refused() {
    // 16,384 base channels: every tensor is allowed, the model (hundreds of billions of
    // parameters) is not.
    let error = build_error(&classifier(json!({"base_channels": 16_384}), json!({})));
    assert!(error.starts_with("backbone:"), "{error}");
    assert!(
        error.contains("over the limit of 4294967296 tensor elements"),
        "{error}"
    );
}

#[test]
fn nan_and_infinite_floats_are_refused_by_name() {
    for (text, key) in [
        (
            "model = dict(type='ResNet', depth=18, drop_path_rate=float('nan'))",
            "model.drop_path_rate",
        ),
        (
            "model = dict(type='ResNet', depth=18, drop_path_rate=1e999)",
            "model.drop_path_rate",
        ),
        (
            "model = dict(type='ResNet', depth=18, drop_path_rate=-float('inf'))",
            "model.drop_path_rate",
        ),
    ] {
        let error = match Config::from_str(text, ConfigFormat::Python) {
            Err(error) => error.to_string(),
            Ok(config) => build_error(config.value()),
        };
        // Refused by the reader with the position, or by the build with the key.
        assert!(
            error.contains(key) || error.starts_with("<string>:1:"),
            "{text}: {error}"
        );
    }
    for yaml in [
        "model: {type: ResNet, depth: 18, drop_path_rate: .nan}",
        "model: {type: ResNet, depth: 18, drop_path_rate: .inf}",
    ] {
        let error = match Config::from_str(yaml, ConfigFormat::Yaml) {
            Err(error) => error.to_string(),
            Ok(config) => build_error(config.value()),
        };
        assert!(error.starts_with("<string>:1:"), "{yaml}: {error}");
    }
}

#[test]
fn megabyte_strings_are_answered_quickly_and_abbreviated() {
    let long = "ResNet".repeat(1_000_000);
    let error = build_error(&classifier(json!({"type": long}), json!({})));
    assert!(
        error.starts_with("backbone.type:"),
        "{}",
        &error[..200.min(error.len())]
    );
    assert!(error.len() < 2_000, "a {}-byte message", error.len());

    let key = "k".repeat(3_000_000);
    let error = build_error(&classifier(json!({key: 1}), json!({})));
    assert!(error.len() < 2_000, "a {}-byte message", error.len());
}

/// A list nested `levels` deep around `leaf`: `[[[…leaf…]]]`.
fn nested(levels: usize, leaf: Value) -> Value {
    (0..levels).fold(leaf, |value, _| Value::Array(vec![value]))
}

/// Runs `f` on a thread with a stack big enough to create and drop 10,000-deep values (both
/// recurse); the build itself must not need it.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn ten_thousand_deep_values_are_refused_by_name() {
    let errors = on_big_stack(|| {
        let deep = nested(10_000, json!({"type": "Kaiming"}));
        [
            classifier(json!({"type": deep.clone()}), json!({})),
            classifier(json!({"init_cfg": deep.clone()}), json!({})),
            classifier(json!({"out_indices": deep.clone()}), json!({})),
            classifier(json!({}), json!({"loss": deep})),
        ]
        .iter()
        .map(build_error)
        .collect::<Vec<_>>()
    });
    for (error, key) in errors.iter().zip([
        "backbone.type",
        "backbone.init_cfg",
        "backbone.out_indices",
        "head.loss",
    ]) {
        assert!(error.starts_with(key), "{key}: {error}");
    }
}

#[test]
fn size_limits_can_be_tightened_per_build() {
    use registry_core::{BuildContext, MODELS, SizeLimits};

    let limits = SizeLimits {
        max_width: 1 << 16,
        max_elements: 1 << 28,
    };
    let mut ctx = BuildContext::default().with_size_limits(limits);
    let config = classifier(json!({"depth": 50, "base_channels": 4096}), json!({}));
    let error = MODELS.build_in(&config, &mut ctx).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "backbone.base_channels: the last stage would have 4096 × 4 (expansion) × 8 channels, \
             over the limit of 65536 on one layer's width (BuildContext::with_size_limits)"
        ),
        "{error}"
    );
}
