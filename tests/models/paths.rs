//! Weight paths keep torchvision's and mmpretrain's names: no wrapper segments.

use registry_core::burn::module::Module;
use registry_core::burn::tensor::Device;
use serde_json::json;

use crate::common::{classifier, model, paths};

#[test]
fn resnet18_paths_map_one_to_one_onto_torchvision_keys() {
    let model = model(
        &classifier(json!({"type": "ResNet", "depth": 18}), 512, 1000),
        &Device::flex(),
    );
    let paths = paths(&model);
    for expected in [
        "backbone.conv1.weight",
        "backbone.bn1.gamma",
        "backbone.bn1.beta",
        "backbone.bn1.running_mean",
        "backbone.bn1.running_var",
        "backbone.layer1.0.conv1.weight",
        "backbone.layer1.1.bn2.gamma",
        "backbone.layer2.0.downsample.conv.weight",
        "backbone.layer2.0.downsample.bn.running_var",
        "backbone.layer4.1.conv2.weight",
        "head.fc.weight",
        "head.fc.bias",
    ] {
        assert!(
            paths.iter().any(|path| path == expected),
            "no {expected} in {paths:?}"
        );
    }
    // torchvision's resnet18 state_dict has 122 entries, 20 of them `num_batches_tracked`.
    assert_eq!(paths.len(), 102);
    // Every path is torchvision's key with a `backbone.`/`head.` prefix, `downsample.0`/`.1`
    // spelled `downsample.conv`/`.bn`, and Burn's `gamma`/`beta` for `weight`/`bias`.
    for path in &paths {
        assert!(
            path.starts_with("backbone.conv1.")
                || path.starts_with("backbone.bn1.")
                || path.starts_with("backbone.layer")
                || path.starts_with("head.fc."),
            "{path}"
        );
        assert!(!path.contains("inner") && !path.contains(".0.0."), "{path}");
    }
}

#[test]
fn configs_build_on_the_flex_device_by_default() {
    let model = registry_core::MODELS
        .build(&classifier(json!({"type": "ResNet", "depth": 18}), 512, 10))
        .unwrap();
    assert_eq!(model.devices(), [Device::flex()]);
}

#[test]
fn variants_keep_mmpretrain_names() {
    let v1d = paths(&model(
        &classifier(json!({"type": "ResNetV1d", "depth": 50}), 2048, 1000),
        &Device::flex(),
    ));
    for expected in [
        "backbone.stem.0.conv.weight",
        "backbone.stem.0.bn.gamma",
        "backbone.stem.2.bn.running_var",
        "backbone.layer1.0.conv3.weight",
        "backbone.layer1.0.bn3.gamma",
        "backbone.layer3.0.downsample.conv.weight",
    ] {
        assert!(v1d.iter().any(|path| path == expected), "no {expected}");
    }
    assert!(!v1d.iter().any(|path| path.starts_with("backbone.conv1.")));

    let se = paths(&model(
        &classifier(json!({"type": "SEResNet", "depth": 50}), 2048, 1000),
        &Device::flex(),
    ));
    for expected in [
        "backbone.layer1.0.se_layer.conv1.conv.weight",
        "backbone.layer1.0.se_layer.conv1.conv.bias",
        "backbone.layer4.2.se_layer.conv2.conv.bias",
    ] {
        assert!(se.iter().any(|path| path == expected), "no {expected}");
    }
}
