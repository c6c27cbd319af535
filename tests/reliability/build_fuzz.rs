//! `MODELS.build` on arbitrary JSON: valid configs of every registered backbone, mutated at a
//! random place, and values made from scratch out of the registries' names and keys. Always a
//! typed outcome, never a panic; whatever builds also validates.

use proptest::prelude::*;
use registry_core::MODELS;
use serde_json::{Map, Value, json};

use crate::common::vocabulary;

/// Valid classifier configs covering every backbone, neck, head, loss and augment.
fn seeds() -> Vec<Value> {
    let head = |loss: Value| json!({"type": "LinearClsHead", "num_classes": 10, "in_channels": 2048, "loss": loss, "topk": [1, 5]});
    let classifier = |backbone: Value, head: Value| {
        json!({"type": "ImageClassifier", "backbone": backbone,
               "neck": {"type": "GlobalAveragePooling"}, "head": head})
    };
    vec![
        classifier(
            json!({"type": "ResNet", "depth": 50, "norm_cfg": {"type": "BN", "requires_grad": true}}),
            head(json!({"type": "CrossEntropyLoss", "loss_weight": 1.0})),
        ),
        classifier(
            json!({"type": "ResNetV1d", "depth": 50, "frozen_stages": 1, "out_indices": [2, 3]}),
            head(json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1, "mode": "original"})),
        ),
        classifier(
            json!({"type": "ResNeXt", "depth": 50, "groups": 32, "width_per_group": 4}),
            head(json!({"type": "CrossEntropyLoss", "use_soft": true})),
        ),
        classifier(
            json!({"type": "SEResNet", "depth": 50, "se_ratio": 16, "drop_path_rate": 0.1}),
            head(json!({"type": "CrossEntropyLoss"})),
        ),
        json!({"type": "ImageClassifier",
               "backbone": {"type": "ResNet_CIFAR", "depth": 18, "norm_cfg": {"type": "GN", "num_groups": 4}},
               "neck": {"type": "GlobalAveragePooling"},
               "head": {"type": "LinearClsHead", "num_classes": 10, "in_channels": 512},
               "data_preprocessor": {"num_classes": 10, "mean": [125.3, 123.0, 113.9], "std": [63.0, 62.1, 66.7]},
               "train_cfg": {"augments": [{"type": "Mixup", "alpha": 0.8}, {"type": "CutMix", "alpha": 1.0}]},
               "init_cfg": [{"type": "Kaiming", "layer": "Conv2d"}, {"type": "Constant", "val": 1, "layer": "_BatchNorm"}]}),
    ]
}

/// A leaf: typical numbers, extremes, registered names, keys and junk.
fn leaf() -> impl Strategy<Value = Value> {
    let vocabulary = vocabulary();
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop::sample::select(vec![
            0_i64,
            1,
            -1,
            2,
            3,
            4,
            7,
            8,
            16,
            18,
            32,
            50,
            64,
            152,
            1000,
            1 << 31,
            i64::MAX,
            i64::MIN
        ])
        .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::num::f64::NORMAL.prop_map(Value::from),
        prop::sample::select(vec![0.0, 0.5, 1.0, -0.0, 1e-300, 1e300]).prop_map(Value::from),
        prop::sample::select(vocabulary.names.clone()).prop_map(Value::from),
        prop::sample::select(vocabulary.keys.clone()).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ]
}

/// A key: mostly one the schemas know.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vocabulary().keys.clone()),
        1 => "[a-z_]{0,10}",
    ]
}

/// Any JSON value, a few levels deep.
fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One edit of a config.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Value),
    Remove,
    Insert(String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => value().prop_map(Edit::Replace),
        1 => Just(Edit::Remove),
        2 => (key(), value()).prop_map(|(key, value)| Edit::Insert(key, value)),
    ]
}

/// Every place in `value`, as paths of dict keys and list indices, the root first.
fn places(value: &Value) -> Vec<Vec<Value>> {
    let mut found = vec![Vec::new()];
    let children: Vec<(Value, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (Value::from(k.as_str()), v))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i), v))
            .collect(),
        _ => Vec::new(),
    };
    for (step, child) in children {
        for mut path in places(child) {
            path.insert(0, step.clone());
            found.push(path);
        }
    }
    found
}

/// `edit` applied at `path` of `config`.
fn apply(config: &mut Value, path: &[Value], edit: Edit) {
    let (last, parents) = match path.split_last() {
        Some(split) => split,
        None => {
            match edit {
                Edit::Replace(value) => *config = value,
                Edit::Remove => *config = Value::Null,
                Edit::Insert(key, value) => {
                    if let Value::Object(map) = config {
                        map.insert(key, value);
                    }
                }
            }
            return;
        }
    };
    let mut parent = config;
    for step in parents {
        parent = match step {
            Value::String(key) => &mut parent[key.as_str()],
            _ => &mut parent[step.as_u64().unwrap_or(0) as usize],
        };
    }
    match (parent, last, edit) {
        (Value::Object(map), Value::String(key), Edit::Remove) => {
            map.remove(key);
        }
        (Value::Array(items), index, Edit::Remove) => {
            items.remove(index.as_u64().unwrap_or(0) as usize);
        }
        (Value::Object(map), _, Edit::Insert(key, value)) => {
            map.insert(key, value);
        }
        (parent, step, Edit::Replace(value)) => match step {
            Value::String(key) => parent[key.as_str()] = value,
            _ => parent[step.as_u64().unwrap_or(0) as usize] = value,
        },
        _ => {}
    }
}

/// Builds `config`; whatever builds must also pass `MODELS.validate`.
fn check(config: &Value) -> Result<(), TestCaseError> {
    if MODELS.build(config).is_ok() {
        prop_assert!(
            MODELS.validate(config).is_ok(),
            "built but does not validate: {:?}",
            MODELS.validate(config)
        );
    } else {
        // Validation of a config that does not build must not panic either.
        let _ = MODELS.validate(config);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn mutated_valid_configs_build_or_fail_cleanly(
        seed in 0..seeds().len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), edit()), 1..4),
    ) {
        let mut config = seeds().swap_remove(seed);
        for (place, edit) in edits {
            let places = places(&config);
            let path = &places[place.index(places.len())];
            apply(&mut config, path, edit);
        }
        check(&config)?;
    }

    #[test]
    fn made_up_configs_build_or_fail_cleanly(config in value()) {
        check(&config)?;
        check(&json!({"type": "ImageClassifier", "backbone": config}))?;
    }
}

#[test]
fn the_seeds_build() {
    for seed in seeds() {
        if let Err(error) = MODELS.build(&seed) {
            panic!("{seed}: {error}");
        }
    }
}
