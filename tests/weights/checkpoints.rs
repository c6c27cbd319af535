//! torchvision and mmpretrain `.pth` checkpoints (zip and legacy formats, training
//! checkpoints with `meta`/`state_dict`) loaded into models built from configs, by the loader
//! and by `Pretrained` init_cfgs, and checked against PyTorch's outputs.

use checkpoints::{Checkpoint, LoadOptions};
use registry_core::Model;
use registry_core::burn::module::Module;
use registry_core::init::InitContext;
use serde_json::json;

use crate::common::{build, data, max_abs_diff, read_npy, tiny_config};

/// BatchNorms of the narrow ResNet-18: the stem's, two per block, three downsamples'.
const BATCH_NORMS: usize = 1 + 8 * 2 + 3;

fn options() -> LoadOptions {
    LoadOptions::new().key_maps(models::checkpoints::key_maps())
}

/// The model's eval-mode logits and stage outputs against PyTorch's, within 1e-4.
fn assert_pytorch_outputs(model: &dyn Model) {
    let input = read_npy::<4>(&data("tiny_input.npy"));
    let logits = max_abs_diff(
        model.forward(input.clone()),
        read_npy(&data("tiny_logits.npy")),
    );
    assert!(logits <= 1e-4, "logits differ from PyTorch's by {logits}");
    for (stage, output) in model.extract_feat(input).into_iter().enumerate() {
        let expected = read_npy(&data(&format!("tiny_layer{}.npy", stage + 1)));
        let error = max_abs_diff(output, expected);
        assert!(error <= 1e-4, "layer{} differs by {error}", stage + 1);
    }
}

#[test]
fn a_torchvision_state_dict_loads_by_key_map_and_gives_pytorchs_outputs() {
    let mut model = build(&tiny_config());
    let checkpoint = Checkpoint::open(data("tiny_torchvision.pth")).unwrap();
    let report = checkpoint.load_into(&mut model, &options()).unwrap();
    assert_eq!(report.key_map, "torchvision");
    assert!(report.is_exact(), "{report}");
    assert_eq!(report.ignored.len(), BATCH_NORMS, "num_batches_tracked");
    assert!(
        report
            .loaded
            .contains(&"backbone.layer2.0.downsample.conv.weight".to_string())
    );
    assert_pytorch_outputs(&*model.valid());
}

#[test]
fn the_legacy_pickle_format_loads_too() {
    let mut model = build(&tiny_config());
    let checkpoint = Checkpoint::open(data("tiny_legacy.pth")).unwrap();
    assert!(
        checkpoint
            .load_into(&mut model, &options())
            .unwrap()
            .is_exact()
    );
    assert_pytorch_outputs(&*model.valid());
}

#[test]
fn an_mmpretrain_training_checkpoint_is_unwrapped_from_state_dict() {
    let checkpoint = Checkpoint::open(data("tiny_mmpretrain.pth")).unwrap();
    // `meta` (not tensors) is gone, `state_dict.` is stripped.
    assert!(
        checkpoint
            .keys()
            .all(|key| key.starts_with("backbone.") || key.starts_with("head."))
    );
    assert_eq!(checkpoint.shape("head.fc.weight"), Some(&[10, 32][..]));
    let mut model = build(&tiny_config());
    let report = checkpoint.load_into(&mut model, &options()).unwrap();
    assert_eq!(report.key_map, "mmpretrain");
    assert!(report.is_exact(), "{report}");
    assert_pytorch_outputs(&*model.valid());
}

#[test]
fn a_wrong_head_fails_strictly_naming_keys_and_shapes_and_loads_the_rest_otherwise() {
    let mut config = tiny_config();
    config["head"]["num_classes"] = json!(1000);
    let mut model = build(&config);
    let checkpoint = Checkpoint::open(data("tiny_torchvision.pth")).unwrap();
    let error = checkpoint
        .load_into(&mut model, &options())
        .unwrap_err()
        .to_string();
    assert!(error.contains("shape mismatches (2):"), "{error}");
    assert!(
        error.contains("fc.weight (model: head.fc.weight): checkpoint [10, 32], model [1000, 32]"),
        "{error}"
    );
    assert!(
        error.contains("fc.bias (model: head.fc.bias): checkpoint [10], model [1000]"),
        "{error}"
    );

    let report = checkpoint
        .load_into(&mut model, &options().strict(false))
        .unwrap();
    assert_eq!(report.mismatched.len(), 2);
    assert!(report.missing.is_empty() && report.unexpected.is_empty());
    let input = read_npy::<4>(&data("tiny_input.npy"));
    let expected = read_npy::<4>(&data("tiny_layer4.npy"));
    let stage4 = model.valid().extract_feat(input).pop().unwrap();
    assert!(
        max_abs_diff(stage4, expected) <= 1e-4,
        "the backbone loaded"
    );
}

#[test]
fn pretrained_with_a_prefix_loads_the_backbone_only_at_init_weights() {
    let checkpoint = data("tiny_mmpretrain.pth").display().to_string();
    let mut config = tiny_config();
    config["backbone"]["init_cfg"] =
        json!({"type": "Pretrained", "checkpoint": checkpoint, "prefix": "backbone."});
    let mut model = build(&config);
    let input = read_npy::<4>(&data("tiny_input.npy"));
    let expected = read_npy::<4>(&data("tiny_layer4.npy"));
    let before = model.valid().extract_feat(input.clone()).pop().unwrap();
    assert!(
        max_abs_diff(before, expected.clone()) > 1e-2,
        "building loads nothing"
    );

    let mut ctx = InitContext::new();
    model.init_weights(&mut ctx).unwrap();
    let [load] = ctx.loaded() else {
        panic!("one load: {:?}", ctx.loaded())
    };
    assert_eq!(load.at.to_string(), "backbone.init_cfg");
    assert_eq!(load.report.key_map, "mmpretrain");
    assert!(load.report.is_exact(), "{}", load.report);
    let after = model.valid().extract_feat(input).pop().unwrap();
    assert!(max_abs_diff(after, expected) <= 1e-4);
}

#[test]
fn a_whole_model_pretrained_init_cfg_loads_after_the_childrens_init() {
    let mut config = tiny_config();
    // The head's own init would zero fc; the classifier's Pretrained comes after and wins.
    config["head"]["init_cfg"] = json!({"type": "Constant", "val": 0.0, "layer": "Linear"});
    config["init_cfg"] = json!([
        {"type": "Pretrained", "checkpoint": data("tiny_torchvision.pth").display().to_string()},
    ]);
    let mut model = build(&config);
    model.init_weights(&mut InitContext::new()).unwrap();
    assert_pytorch_outputs(&*model.valid());
}

#[test]
fn a_missing_checkpoint_fails_at_init_weights_not_at_build() {
    let mut config = tiny_config();
    config["backbone"]["init_cfg"] = json!({"type": "Pretrained", "checkpoint": "no/such.pth"});
    let mut model = build(&config);
    let error = model
        .init_weights(&mut InitContext::new())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("backbone.init_cfg: cannot read checkpoint no/such.pth:"),
        "{error}"
    );

    config["backbone"]["init_cfg"] = json!({"type": "Pretrained",
        "checkpoint": data("tiny_mmpretrain.pth").display().to_string(), "prefix": "neck"});
    let error = build(&config)
        .init_weights(&mut InitContext::new())
        .unwrap_err()
        .to_string();
    assert!(error.ends_with("no key starts with `neck.`"), "{error}");
}
