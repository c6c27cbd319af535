//! Against PyTorch: torchvision's ResNet-18 (random weights and BatchNorm statistics, in
//! `../shared/fixtures`) loads into a ResNet-18 built from an mmpretrain config and gives
//! torchvision's logits and stage outputs. Skipped, with a message, where the fixtures are
//! absent (a user's clone), and failed under `CI=true`.

use std::path::{Path, PathBuf};

use checkpoints::{Checkpoint, LoadOptions};
use registry_core::Model;
use registry_core::burn::module::Module;
use registry_core::init::InitContext;
use serde_json::json;

use crate::common::{build, classifier, max_abs_diff, read_npy};

fn fixtures() -> Option<PathBuf> {
    integration_tests::shared_fixtures()
}

fn resnet18() -> serde_json::Value {
    classifier(
        json!({"type": "ResNet", "depth": 18, "out_indices": [0, 1, 2, 3]}),
        512,
        1000,
    )
}

/// Logits and each stage against torchvision's, all within 1e-4; the errors.
fn compare(model: &dyn Model, dir: &Path) -> Vec<f32> {
    let input = read_npy::<4>(&dir.join("resnet18_input.npy"));
    let logits = max_abs_diff(
        model.forward(input.clone()),
        read_npy(&dir.join("resnet18_logits.npy")),
    );
    let mut errors = vec![logits];
    for (stage, output) in model.extract_feat(input).into_iter().enumerate() {
        let expected = read_npy(&dir.join(format!("resnet18_layer{}.npy", stage + 1)));
        errors.push(max_abs_diff(output, expected));
    }
    eprintln!("max abs error vs torchvision: logits, layer1..4 = {errors:?}");
    for (what, error) in ["logits", "layer1", "layer2", "layer3", "layer4"]
        .iter()
        .zip(&errors)
    {
        assert!(
            *error <= 1e-4,
            "{what} differs from torchvision's by {error}"
        );
    }
    errors
}

#[test]
fn torchvision_resnet18_weights_give_torchvisions_outputs() {
    let Some(dir) = fixtures() else {
        return;
    };
    let mut model = build(&resnet18());
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    let report = Checkpoint::open(dir.join("resnet18.pth"))
        .unwrap()
        .load_into(&mut model, &options)
        .unwrap();
    assert_eq!(report.key_map, "torchvision");
    assert!(report.is_exact(), "{report}");
    // 62 parameters and 40 running statistics; 20 num_batches_tracked skipped.
    assert_eq!((report.loaded.len(), report.ignored.len()), (102, 20));
    compare(&*model.valid(), &dir);
}

#[test]
fn the_same_through_a_pretrained_init_cfg() {
    let Some(dir) = fixtures() else {
        return;
    };
    let mut config = resnet18();
    config["init_cfg"] = json!({"type": "Pretrained",
        "checkpoint": dir.join("resnet18.pth").display().to_string()});
    let mut model = build(&config);
    model
        .init_weights(&mut InitContext::new().strict(true))
        .unwrap();
    compare(&*model.valid(), &dir);
    // Fused for inference, the model still gives torchvision's numbers.
    compare(&*model.valid().fuse_conv_bn(), &dir);
}
