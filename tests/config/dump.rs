//! Dumps read back to the same value.

use mmconfig::{Config, ConfigFormat};

use crate::common::{data, files};

fn round_trip(config: &Config, format: ConfigFormat) {
    let text = config
        .dump(format)
        .unwrap_or_else(|e| panic!("{format}: {e}"));
    let back = Config::from_str(&text, format).unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
    assert_eq!(
        back.value(),
        config.value(),
        "{format} round trip of {:?}:\n{text}",
        config.filename()
    );
    let keys = |c: &Config| {
        c.value()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&back), keys(config), "{format} keeps key order");
}

#[test]
fn every_config_round_trips_through_python_json_and_yaml() {
    let mut configs = files(&data("configs/resnet"), &["py", "json", "yaml", "toml"]);
    configs.extend(
        files(&data("corpus"), &["py", "json", "yaml", "toml"])
            .into_iter()
            .filter(|p| !p.to_string_lossy().ends_with(".expected.json")),
    );
    assert!(configs.len() > 25);
    for path in configs {
        let config = Config::from_file(&path).unwrap();
        for format in [ConfigFormat::Python, ConfigFormat::Json, ConfigFormat::Yaml] {
            round_trip(&config, format);
        }
    }
}

#[test]
fn toml_round_trips_configs_without_none() {
    for file in [
        "configs/_base_/models/resnet50.py",
        "configs/_base_/schedules/imagenet_bs2048_rsb.py",
        "corpus/child_toml.toml",
        "corpus/arithmetic.py",
    ] {
        round_trip(&Config::from_file(data(file)).unwrap(), ConfigFormat::Toml);
    }
}

#[test]
fn toml_names_the_key_it_cannot_write() {
    let config = Config::from_file(data("configs/resnet/resnet50_8xb32_in1k.py")).unwrap();
    let error = config.dump(ConfigFormat::Toml).unwrap_err();
    assert_eq!(
        error.to_string(),
        "load_from: cannot write TOML: TOML has no null (`None`)"
    );
    assert_eq!(
        error.key_path().map(ToString::to_string).as_deref(),
        Some("load_from")
    );
}

#[test]
fn python_dump_looks_like_an_mmengine_config() {
    let config = Config::from_file(data("configs/_base_/models/resnet18_cifar.py")).unwrap();
    assert_eq!(
        config.dump(ConfigFormat::Python).unwrap(),
        "model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet_CIFAR',
        depth=18,
        num_stages=4,
        out_indices=[3],
        style='pytorch',
    ),
    neck=dict(
        type='GlobalAveragePooling',
    ),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=512,
        loss=dict(
            type='CrossEntropyLoss',
            loss_weight=1.0,
        ),
    ),
)
"
    );
}
