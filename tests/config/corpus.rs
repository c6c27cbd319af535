//! Every config of the corpus loads to its expected value.

use mmconfig::{Config, ConfigFormat};
use serde_json::Value;

use crate::common::{data, files, read_json};

/// The first difference between two values, as a path and both sides.
fn difference(path: &str, got: &Value, expected: &Value) -> Option<String> {
    match (got, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let keys_a: Vec<_> = a.keys().collect();
            let keys_b: Vec<_> = b.keys().collect();
            if keys_a != keys_b {
                return Some(format!("{path}: keys {keys_a:?} != {keys_b:?}"));
            }
            a.iter()
                .find_map(|(k, v)| difference(&format!("{path}.{k}"), v, &b[k]))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| difference(&format!("{path}[{i}]"), x, y)),
        _ if got == expected => None,
        _ => Some(format!("{path}: {got} != {expected}")),
    }
}

fn assert_same(got: &Value, expected: &Value, what: &str) {
    if let Some(diff) = difference("", got, expected) {
        panic!("{what}: {diff}");
    }
}

#[test]
fn focused_corpus_matches_hand_written_json() {
    let dir = data("corpus");
    let configs = files(&dir, &["py", "json", "yaml", "yml", "toml"]);
    let mut checked = 0;
    for path in configs
        .iter()
        .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
    {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let expected_path = dir.join(format!("{stem}.expected.json"));
        let config = Config::from_file(path).unwrap_or_else(|e| panic!("{e}"));
        assert_same(
            config.value(),
            &read_json(&expected_path),
            &path.display().to_string(),
        );
        checked += 1;
    }
    assert_eq!(checked, 36, "every corpus config has an expected value");
}

#[test]
fn resnet_family_matches_values_recorded_from_mmengine() {
    let expected_dir = data("expected/resnet");
    let configs = files(&data("configs/resnet"), &["py"]);
    assert_eq!(configs.len(), 15);
    for path in &configs {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let config = Config::from_file(path).unwrap_or_else(|e| panic!("{e}"));
        let expected = read_json(&expected_dir.join(format!("{stem}.json")));
        assert_same(config.value(), &expected, stem);
    }
}

#[test]
fn resnet50_has_mmpretrains_model() {
    let config = Config::from_file(data("configs/resnet/resnet50_8xb32_in1k.py")).unwrap();
    let value = config.value();
    assert_eq!(
        value["model"],
        serde_json::json!({
            "type": "ImageClassifier",
            "backbone": {"type": "ResNet", "depth": 50, "num_stages": 4, "out_indices": [3], "style": "pytorch"},
            "neck": {"type": "GlobalAveragePooling"},
            "head": {
                "type": "LinearClsHead", "num_classes": 1000, "in_channels": 2048,
                "loss": {"type": "CrossEntropyLoss", "loss_weight": 1.0}, "topk": [1, 5]
            }
        })
    );
    assert_eq!(
        value["optim_wrapper"]["optimizer"],
        serde_json::json!({"type": "SGD", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.0001})
    );
    assert_eq!(value["param_scheduler"]["type"], "MultiStepLR");
    assert_eq!(value["data_preprocessor"]["to_rgb"], true);
    let keys: Vec<_> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "model",
            "dataset_type",
            "data_preprocessor",
            "train_pipeline",
            "test_pipeline",
            "train_dataloader",
            "val_dataloader",
            "val_evaluator",
            "test_dataloader",
            "test_evaluator",
            "optim_wrapper",
            "param_scheduler",
            "train_cfg",
            "val_cfg",
            "test_cfg",
            "auto_scale_lr",
            "default_scope",
            "default_hooks",
            "env_cfg",
            "vis_backends",
            "visualizer",
            "log_level",
            "load_from",
            "resume",
            "randomness"
        ]
    );
}

#[test]
fn every_format_of_a_config_gives_the_same_value() {
    let configs = data("configs");
    let groups: [(&str, &[&str]); 3] = [
        (
            "_base_/models/resnet50.py",
            &[
                "_base_/models/resnet50.json",
                "_base_/models/resnet50.yaml",
                "_base_/models/resnet50.toml",
            ],
        ),
        (
            "resnet/resnet18_8xb16_cifar10.py",
            &["resnet/resnet18_8xb16_cifar10.json"],
        ),
        (
            "resnet/resnet50_8xb32-fp16_in1k.py",
            &[
                "resnet/resnet50_8xb32-fp16_in1k.yaml",
                "resnet/resnet50_8xb32-fp16_in1k.toml",
            ],
        ),
    ];
    for (python, others) in groups {
        let expected = Config::from_file(configs.join(python))
            .unwrap()
            .into_value();
        for other in others {
            let config = Config::from_file(configs.join(other)).unwrap_or_else(|e| panic!("{e}"));
            assert_same(config.value(), &expected, other);
        }
    }
}

#[test]
fn python_to_json_equals_the_hand_written_json() {
    let configs = data("configs/_base_/models");
    let from_python = Config::from_file(configs.join("resnet50.py")).unwrap();
    let dumped = from_python.dump(ConfigFormat::Json).unwrap();
    let hand_written = read_json(&configs.join("resnet50.json"));
    assert_eq!(
        serde_json::from_str::<Value>(&dumped).unwrap(),
        hand_written
    );
    assert_eq!(
        dumped,
        serde_json::to_string_pretty(&hand_written).unwrap() + "\n"
    );
}

#[test]
fn every_base_file_loads_on_its_own() {
    let base = data("configs/_base_");
    let mut count = 0;
    for dir in ["models", "datasets", "schedules"] {
        for path in files(&base.join(dir), &["py", "json", "yaml", "toml"]) {
            Config::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
            count += 1;
        }
    }
    Config::from_file(base.join("default_runtime.py")).unwrap();
    assert!(count >= 20, "{count}");
}

#[test]
fn file_dirname_is_the_configs_absolute_folder_as_mmengine_gives_it() {
    let path = data("predefined/dirname.py");
    let config = Config::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let folder = std::path::absolute(path.parent().unwrap()).unwrap();
    let expected = format!("{}/../data", folder.display());
    assert_eq!(config.value()["data_root"], Value::String(expected));
}
