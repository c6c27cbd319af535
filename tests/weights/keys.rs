//! The torchvision key map names every parameter of the ResNet family as torchvision's
//! ResNet-50, ResNeXt-50 and Wide ResNet-50-2 do, with their shapes
//! (`data/torchvision_keys.json`, written by torchvision).

use std::collections::BTreeMap;

use registry_core::checkpoint::param_slots;
use serde_json::{Value, json};

use crate::common::{build, classifier, data};

/// The model's `(torchvision key, shape in PyTorch's layout)` for every parameter.
fn torchvision_keys(backbone: Value) -> BTreeMap<String, Vec<usize>> {
    let model = build(&classifier(backbone, 2048, 1000));
    let map = models::checkpoints::torchvision();
    param_slots(&model)
        .iter()
        .map(|slot| {
            let mut shape = slot.shape.clone();
            if slot.layer() == "Struct:Linear" && slot.name() == "weight" {
                shape.reverse();
            }
            (map.key(slot), shape)
        })
        .collect()
}

#[test]
fn resnet_resnext_and_wide_resnet_read_as_torchvisions_state_dicts() {
    let text = std::fs::read_to_string(data("torchvision_keys.json")).unwrap();
    let expected: BTreeMap<String, BTreeMap<String, Vec<usize>>> =
        serde_json::from_str(&text).unwrap();
    for (name, backbone) in [
        ("resnet50", json!({"type": "ResNet", "depth": 50})),
        (
            "resnext50_32x4d",
            json!({"type": "ResNeXt", "depth": 50, "groups": 32, "width_per_group": 4}),
        ),
        (
            "wide_resnet50_2",
            json!({"type": "ResNet", "depth": 50, "base_channels": 128, "expansion": 2}),
        ),
    ] {
        assert_eq!(torchvision_keys(backbone), expected[name], "{name}");
    }
}
