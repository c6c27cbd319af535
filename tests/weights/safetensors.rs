//! Saving in `.safetensors` with torchvision's names and Burn's burnpack, loading back, and
//! the reports of checkpoints that do not fit.

use std::path::Path;

use checkpoints::{
    Checkpoint, CheckpointFormat, KeyMap, LoadOptions, save_burnpack, save_safetensors,
};
use registry_core::burn::module::Module;
use registry_core::{BACKBONES, Model};
use serde_json::Value;

use crate::common::{build, images, max_abs_diff, temp_dir, tiny_config};

fn options() -> LoadOptions {
    LoadOptions::new().key_maps(models::checkpoints::key_maps())
}

/// Outputs of two models on the same images: identical.
fn assert_same_outputs(a: &dyn Model, b: &dyn Model) {
    let x = images(2, 32);
    assert_eq!(max_abs_diff(a.forward(x.clone()), b.forward(x)), 0.0);
}

#[test]
fn a_safetensors_round_trip_in_torchvisions_names_gives_identical_outputs() {
    let dir = temp_dir();
    let path = dir.path().join("tiny.safetensors");
    let model = build(&tiny_config()).valid();
    save_safetensors(&model, &path, &models::checkpoints::torchvision()).unwrap();

    let checkpoint = Checkpoint::open(&path).unwrap();
    assert_eq!(checkpoint.format(), CheckpointFormat::Safetensors);
    for (key, shape) in [
        ("conv1.weight", &[4, 3, 7, 7][..]),
        ("bn1.weight", &[4]),
        ("bn1.running_var", &[4]),
        ("layer2.0.downsample.0.weight", &[8, 4, 1, 1]),
        ("layer2.0.downsample.1.bias", &[8]),
        ("fc.weight", &[10, 32]),
    ] {
        assert_eq!(checkpoint.shape(key), Some(shape), "{key}");
    }
    assert!(
        checkpoint
            .keys()
            .all(|key| !key.contains("gamma") && !key.starts_with("backbone"))
    );

    let mut copy = build(&tiny_config());
    let report = checkpoint.load_into(&mut copy, &options()).unwrap();
    assert_eq!(report.key_map, "torchvision");
    assert!(report.is_exact() && report.ignored.is_empty(), "{report}");
    assert_same_outputs(&*model, &*copy.valid());
}

#[test]
fn a_burnpack_round_trip_gives_identical_outputs() {
    let dir = temp_dir();
    let path = dir.path().join("tiny.bpk");
    let model = build(&tiny_config()).valid();
    save_burnpack(&model, &path).unwrap();
    let checkpoint = Checkpoint::open(&path).unwrap();
    assert_eq!(checkpoint.format(), CheckpointFormat::Burnpack);
    assert!(checkpoint.shape("backbone.bn1.gamma").is_some());
    let mut copy = build(&tiny_config());
    let report = checkpoint
        .load_into(&mut copy, &LoadOptions::new())
        .unwrap();
    assert_eq!(report.key_map, "burn");
    assert_same_outputs(&*model, &*copy.valid());
}

/// Rewrites the shape of `key` in a safetensors file's header (same element count, so the
/// file stays valid).
fn reshape_in_file(path: &Path, key: &str, shape: &[usize]) {
    let bytes = std::fs::read(path).unwrap();
    let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let mut header: Value = serde_json::from_slice(&bytes[8..8 + length]).unwrap();
    header[key]["shape"] = serde_json::json!(shape);
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
fn one_tensor_of_the_wrong_shape_is_named_with_both_shapes() {
    let dir = temp_dir();
    let path = dir.path().join("reshaped.safetensors");
    save_safetensors(
        &build(&tiny_config()),
        &path,
        &models::checkpoints::torchvision(),
    )
    .unwrap();
    reshape_in_file(&path, "layer1.0.conv1.weight", &[4, 4, 9, 1]);

    let mut model = build(&tiny_config());
    let checkpoint = Checkpoint::open(&path).unwrap();
    let error = checkpoint
        .load_into(&mut model, &options())
        .unwrap_err()
        .to_string();
    assert!(error.contains("does not fit the model"), "{error}");
    assert!(error.contains("shape mismatches (1):"), "{error}");
    assert!(
        error.contains(
            "layer1.0.conv1.weight (model: backbone.layer1.0.conv1.weight): checkpoint [4, 4, 9, 1], model [4, 4, 3, 3]"
        ),
        "{error}"
    );
    assert!(
        !error.contains("missing keys") && !error.contains("unexpected keys"),
        "{error}"
    );
}

#[test]
fn missing_and_unexpected_keys_are_reported_together() {
    let dir = temp_dir();
    let path = dir.path().join("backbone.safetensors");
    let backbone = BACKBONES.build(&tiny_config()["backbone"]).unwrap();
    save_safetensors(&backbone, &path, &models::checkpoints::torchvision()).unwrap();

    // A backbone's weights into a classifier: the head is missing.
    let mut model = build(&tiny_config());
    let checkpoint = Checkpoint::open(&path).unwrap();
    let error = checkpoint
        .load_into(&mut model, &options())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("missing keys (2, in the model but not the checkpoint):"),
        "{error}"
    );
    assert!(
        error.contains("  fc.weight (model: head.fc.weight)"),
        "{error}"
    );
    let report = checkpoint
        .load_into(&mut model, &options().strict(false))
        .unwrap();
    assert_eq!(report.missing.len(), 2);
    // 20 convolutions and 20 BatchNorms (weight, bias, running mean and variance).
    assert_eq!(report.loaded.len(), 20 + 20 * 4, "{report}");

    // A classifier's weights into its backbone: the head is unexpected.
    let full = dir.path().join("full.safetensors");
    save_safetensors(&model, &full, &KeyMap::pytorch()).unwrap();
    let mut backbone = BACKBONES.build(&tiny_config()["backbone"]).unwrap();
    let report = Checkpoint::open(&full)
        .unwrap()
        .select_prefix("backbone")
        .unwrap()
        .load_into(&mut backbone, &LoadOptions::new())
        .unwrap();
    assert!(report.is_exact(), "{report}");
    let error = Checkpoint::open(&full)
        .unwrap()
        .load_into(&mut backbone, &LoadOptions::new())
        .unwrap_err()
        .to_string();
    assert!(error.contains("unexpected keys"), "{error}");
    assert!(error.contains("  head.fc.weight"), "{error}");
}
