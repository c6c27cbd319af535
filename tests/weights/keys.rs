//! The torchvision key map names every parameter of the ResNet family as torchvision's
//! ResNet-50, ResNeXt-50 and Wide ResNet-50-2 do, with their shapes
//! (`data/torchvision_keys.json`, written by torchvision); mmpretrain's `avg_down` indices.

use std::collections::BTreeMap;

use checkpoints::param_slots;
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

/// Renames keys in a safetensors file's header by `rename`.
fn rename_in_file(path: &std::path::Path, rename: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header: serde_json::Map<String, Value> =
        serde_json::from_slice(&bytes[8..8 + length]).unwrap();
    let header: serde_json::Map<String, Value> = header
        .into_iter()
        .map(|(key, value)| (rename(&key), value))
        .collect();
    let mut text = serde_json::to_vec(&header).unwrap();
    while !text.len().is_multiple_of(8) {
        text.push(b' ');
    }
    let mut out = (text.len() as u64).to_le_bytes().to_vec();
    out.extend(text);
    out.extend(&bytes[8 + length..]);
    std::fs::write(path, out).unwrap();
}

#[test]
fn mmpretrains_avg_down_sequential_indices_are_renumbered() {
    use checkpoints::{Checkpoint, LoadOptions, save_safetensors};
    use registry_core::burn::module::Module;

    let config = classifier(
        json!({"type": "ResNetV1d", "depth": 18, "base_channels": 4, "stem_channels": 4}),
        32,
        10,
    );
    let model = build(&config).valid();
    let dir = crate::common::temp_dir();
    let path = dir.path().join("v1d.safetensors");
    save_safetensors(&model, &path, &models::checkpoints::mmpretrain()).unwrap();
    // mmpretrain's `downsample` of strided stages is (AvgPool2d, conv, norm): indices 1 and 2.
    rename_in_file(&path, |key| {
        let strided = ["layer2", "layer3", "layer4"]
            .iter()
            .any(|l| key.contains(l));
        match strided {
            true => key
                .replace("downsample.1.", "downsample.2.")
                .replace("downsample.0.", "downsample.1."),
            false => key.to_owned(),
        }
    });
    let checkpoint = Checkpoint::open(&path).unwrap();
    assert!(
        checkpoint
            .shape("backbone.layer2.0.downsample.2.running_mean")
            .is_some()
    );
    assert!(
        checkpoint
            .shape("backbone.layer1.0.downsample.0.weight")
            .is_none()
    );
    assert!(checkpoint.shape("backbone.stem.1.conv.weight").is_some());

    let mut copy = build(&config);
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    let report = checkpoint.load_into(&mut copy, &options).unwrap();
    assert_eq!(report.key_map, "mmpretrain");
    assert!(report.is_exact(), "{report}");
    let x = crate::common::images(1, 32);
    let difference = crate::common::max_abs_diff(model.forward(x.clone()), copy.valid().forward(x));
    assert_eq!(difference, 0.0);
}
