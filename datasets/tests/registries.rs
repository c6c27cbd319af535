//! The three registries hold mmpretrain's names, with schemas and key-checked configs.

use datasets::{DATA_SAMPLERS, DATASETS, TRANSFORMS};
use serde_json::json;

#[test]
fn entries_have_mmpretrain_names() {
    assert_eq!(
        DATASETS.names(),
        [
            "CIFAR10",
            "CIFAR100",
            "CustomDataset",
            "FashionMNIST",
            "ImageNet",
            "MNIST"
        ]
    );
    let transforms = [
        "AutoContrast",
        "Brightness",
        "CenterCrop",
        "ColorTransform",
        "Contrast",
        "Equalize",
        "Invert",
        "LoadImageFromFile",
        "PackInputs",
        "Posterize",
        "RandAugment",
        "RandomCrop",
        "RandomFlip",
        "RandomResizedCrop",
        "Resize",
        "ResizeEdge",
        "Rotate",
        "Sharpness",
        "Shear",
        "Solarize",
        "SolarizeAdd",
        "Translate",
    ];
    assert_eq!(TRANSFORMS.names(), transforms);
    assert_eq!(
        DATA_SAMPLERS.names(),
        ["DefaultSampler", "InfiniteSampler", "RepeatAugSampler"]
    );
    assert!(
        DATASETS.ensure_no_conflicts().is_ok()
            && TRANSFORMS.ensure_no_conflicts().is_ok()
            && DATA_SAMPLERS.ensure_no_conflicts().is_ok()
    );
}

#[test]
fn every_entry_has_a_schema_with_its_keys() {
    let schema = serde_json::to_value(TRANSFORMS.schema("RandomResizedCrop").unwrap()).unwrap();
    let keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    for key in [
        "scale",
        "crop_ratio_range",
        "aspect_ratio_range",
        "max_attempts",
        "interpolation",
        "backend",
    ] {
        assert!(
            keys.iter().any(|k| *k == key),
            "{key} missing from {keys:?}"
        );
    }
    assert_eq!(schema["properties"]["max_attempts"]["default"], json!(10));
    let schema = serde_json::to_value(DATASETS.schema("ImageNet").unwrap()).unwrap();
    for key in [
        "split",
        "data_root",
        "data_prefix",
        "ann_file",
        "pipeline",
        "classes",
        "indices",
    ] {
        assert!(
            schema["properties"].get(key).is_some(),
            "ImageNet lacks {key}"
        );
    }
    for name in DATASETS.names().into_iter().chain(TRANSFORMS.names()) {
        assert!(
            DATASETS
                .schema(&name)
                .or_else(|| TRANSFORMS.schema(&name))
                .is_some(),
            "{name}"
        );
    }
}

#[test]
fn unknown_keys_and_types_are_errors() {
    let error = TRANSFORMS
        .build(&json!({"type": "RandomCrop", "crop_size": 32, "paddding": 4}))
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("paddding: unknown key `paddding`"),
        "{error}"
    );
    let error = TRANSFORMS
        .build(&json!({"type": "ColorJitter", "brightness": 0.4}))
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("type: `ColorJitter` is not registered in TRANSFORMS"),
        "{error}"
    );
    let error = DATASETS
        .build(&json!({"type": "VOC", "data_root": "x"}))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`VOC` is not registered in DATASETS"),
        "{error}"
    );
}

#[test]
fn the_registries_join_the_directory_tools_list() {
    for name in ["DATASETS", "transforms", "data_samplers"] {
        let registry = registry_core::registry(name).unwrap_or_else(|| panic!("{name} not listed"));
        assert!(!registry.entries().is_empty());
    }
    assert!(TRANSFORMS.len() >= 8);
}
