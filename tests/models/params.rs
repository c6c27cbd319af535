//! Parameter counts equal torchvision's exactly, for models built from mmpretrain-style
//! configs (backbone + GlobalAveragePooling + LinearClsHead with 1000 classes), and counting
//! allocates nothing.

use registry_core::burn::tensor::Device;
use registry_core::count_parameters;
use serde_json::json;

use crate::common::{classifier, initialized, model};

/// `(config backbone, torchvision model, torchvision's parameter count)`.
fn torchvision_models() -> Vec<(serde_json::Value, &'static str, usize)> {
    vec![
        (
            json!({"type": "ResNet", "depth": 18}),
            "resnet18",
            11_689_512,
        ),
        (
            json!({"type": "ResNet", "depth": 34}),
            "resnet34",
            21_797_672,
        ),
        (
            json!({"type": "ResNet", "depth": 50}),
            "resnet50",
            25_557_032,
        ),
        (
            json!({"type": "ResNet", "depth": 101}),
            "resnet101",
            44_549_160,
        ),
        (
            json!({"type": "ResNet", "depth": 152}),
            "resnet152",
            60_192_808,
        ),
        (
            json!({"type": "ResNeXt", "depth": 50, "groups": 32, "width_per_group": 4}),
            "resnext50_32x4d",
            25_028_904,
        ),
        (
            json!({"type": "ResNeXt", "depth": 101, "groups": 32, "width_per_group": 8}),
            "resnext101_32x8d",
            88_791_336,
        ),
        (
            // mmpretrain's configs/_base_/models/wide-resnet50.py
            json!({"type": "ResNet", "depth": 50, "stem_channels": 64, "base_channels": 128, "expansion": 2}),
            "wide_resnet50_2",
            68_883_240,
        ),
    ]
}

#[test]
fn parameter_counts_equal_torchvision() {
    for (backbone, name, expected) in torchvision_models() {
        let channels = if name.starts_with("resnet18") || name.starts_with("resnet34") {
            512
        } else {
            2048
        };
        let mut config = classifier(backbone, channels, 1000);
        config["backbone"]["num_stages"] = json!(4);
        config["backbone"]["out_indices"] = json!([3]);
        config["backbone"]["style"] = json!("pytorch");
        let model = model(&config, &Device::flex());
        assert_eq!(count_parameters(&model), expected, "{name}");
    }
}

#[test]
fn counting_a_resnet152_allocates_no_parameter() {
    let config = classifier(json!({"type": "ResNet", "depth": 152}), 2048, 1000);
    let model = model(&config, &Device::flex());
    assert_eq!(count_parameters(&model), 60_192_808);
    let (initialized, total) = initialized(&model);
    // 155 convolutions, 155 BatchNorms (weight and bias), fc (weight and bias).
    assert_eq!(total, 155 + 155 * 2 + 2);
    assert_eq!(
        initialized, 0,
        "building and counting initialised parameters"
    );
}

#[test]
fn other_family_members_count_as_mmpretrain_reports() {
    // mmpretrain's metafiles: SE-ResNet-50 28.09M, ResNetV1c-50 and ResNetV1d-50 25.58M.
    // The exact numbers follow from torchvision's ResNet-50 (25,557,032): SE layers add
    // Σ 2·C·C/16 + C/16 + C per block; the deep stem adds 28,768 - 9,536 = 19,232.
    for (backbone, expected) in [
        (json!({"type": "SEResNet", "depth": 50}), 28_088_024),
        (json!({"type": "ResNetV1c", "depth": 50}), 25_576_264),
        (json!({"type": "ResNetV1d", "depth": 50}), 25_576_264),
        (
            json!({"type": "ResNet", "depth": 50, "deep_stem": true, "avg_down": true}),
            25_576_264,
        ),
    ] {
        let model = model(&classifier(backbone.clone(), 2048, 1000), &Device::flex());
        assert_eq!(count_parameters(&model), expected, "{backbone}");
    }
    // ResNet_CIFAR-18 with 10 classes: ResNet-18 with a 3×3 stem and a 10-class head.
    let cifar = classifier(json!({"type": "ResNet_CIFAR", "depth": 18}), 512, 10);
    let expected = 11_689_512 - 7 * 7 * 3 * 64 + 3 * 3 * 3 * 64 - 990 * 513;
    assert_eq!(count_parameters(&model(&cifar, &Device::flex())), expected);
}
