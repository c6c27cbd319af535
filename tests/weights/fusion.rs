//! Conv–BatchNorm fusion: the fused model computes what the unfused one does in eval mode.

use std::time::Instant;

use checkpoints::{Checkpoint, KeyMap, LoadOptions};
use registry_core::Model;
use registry_core::burn::module::Module;
use registry_core::burn::tensor::Tensor;
use registry_core::init::InitContext;
use serde_json::{Value, json};

use crate::common::{build, classifier, data, images, max_abs_diff, tiny_config};

/// Parameter paths of a model.
fn paths<M: Module>(model: &M) -> Vec<String> {
    KeyMap::new("paths")
        .keys(model)
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// The largest difference between the fused and unfused model's logits and stage outputs,
/// relative to the output's largest magnitude where that exceeds 1 (float32 rounding grows
/// with the values: random deep stages reach hundreds).
fn fusion_error(model: Box<dyn Model>, size: usize) -> f32 {
    let model = model.valid();
    let fused = model.fuse_conv_bn();
    let x = images(2, size);
    let mut error = relative_diff(model.forward(x.clone()), fused.forward(x.clone()));
    for (a, b) in model
        .extract_feat(x.clone())
        .into_iter()
        .zip(fused.extract_feat(x))
    {
        error = error.max(relative_diff(a, b));
    }
    error
}

/// The largest difference of `a` and `b`, over `a`'s largest magnitude where that exceeds 1.
fn relative_diff<const D: usize>(a: Tensor<D>, b: Tensor<D>) -> f32 {
    let scale = a.clone().abs().max().into_scalar::<f32>().max(1.0);
    max_abs_diff(a, b) / scale
}

/// `config` built, its norm layers given random weights and biases.
fn randomised(mut config: Value) -> Box<dyn Model> {
    config["backbone"]["init_cfg"] = json!([
        {"type": "Kaiming", "layer": "Conv2d"},
        {"type": "Normal", "layer": ["_BatchNorm", "GroupNorm"], "mean": 1.0, "std": 0.2, "bias": 0.1},
    ]);
    config["backbone"]["zero_init_residual"] = json!(false);
    let mut model = build(&config);
    model.init_weights(&mut InitContext::new()).unwrap();
    model
}

#[test]
fn a_fused_resnet18_with_real_statistics_matches_the_unfused_one() {
    let mut model = build(&tiny_config());
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    Checkpoint::open(data("tiny_torchvision.pth"))
        .unwrap()
        .load_into(&mut model, &options)
        .unwrap();
    let error = fusion_error(model.clone(), 32);
    eprintln!("fused narrow ResNet-18 (PyTorch's BatchNorm statistics): max abs error {error:e}");
    assert!(error <= 1e-4, "{error}");

    let fused = model.fuse_conv_bn();
    let paths = paths(&fused);
    assert!(paths.iter().all(|path| !path.contains("bn")), "{paths:?}");
    assert!(paths.contains(&"backbone.layer2.0.downsample.conv.bias".to_string()));
    assert!(paths.contains(&"backbone.conv1.bias".to_string()));
}

#[test]
fn deep_stems_avg_down_bottlenecks_and_se_layers_fuse() {
    for backbone in [
        json!({"type": "ResNetV1d", "depth": 50, "base_channels": 8, "stem_channels": 8}),
        json!({"type": "SEResNeXt", "depth": 50, "base_channels": 8, "stem_channels": 8,
               "groups": 4, "width_per_group": 2}),
    ] {
        let model = randomised(classifier(backbone.clone(), 256, 10));
        let error = fusion_error(model.clone(), 32);
        assert!(error <= 1e-4, "{backbone}: {error}");
        assert!(
            paths(&model.fuse_conv_bn())
                .iter()
                .all(|path| !path.contains("running"))
        );
    }
}

#[test]
fn group_norms_cannot_fold_and_are_kept() {
    let backbone = json!({"type": "ResNet", "depth": 18, "base_channels": 8, "stem_channels": 8,
                          "norm_cfg": {"type": "GN", "num_groups": 2}});
    let model = randomised(classifier(backbone, 64, 10));
    assert_eq!(fusion_error(model.clone(), 32), 0.0);
    assert_eq!(paths(&model.fuse_conv_bn()), paths(&model));
}

/// The speed-up of fusion on a ResNet-50 at 224×224 (run with `--ignored --nocapture`).
#[test]
#[ignore = "a measurement, not a check: several seconds per forward on two cores"]
fn fusion_speedup_on_resnet50() {
    let model = randomised(classifier(
        json!({"type": "ResNet", "depth": 50}),
        2048,
        1000,
    ))
    .valid();
    let fused = model.fuse_conv_bn();
    let x = images(4, 224);
    // Alternating runs, the median of each: other load on the machine affects both alike.
    let run = |model: &dyn Model| {
        let start = Instant::now();
        model.forward(x.clone()).into_data();
        start.elapsed().as_secs_f64()
    };
    run(&*model);
    run(&*fused);
    let (mut unfused, mut fused_time): (Vec<f64>, Vec<f64>) =
        (0..9).map(|_| (run(&*model), run(&*fused))).unzip();
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (unfused, fused_time) = (median(&mut unfused), median(&mut fused_time));
    let logits = model.forward(x.clone());
    let scale = logits.clone().abs().max().into_scalar::<f32>();
    let error = max_abs_diff(logits, fused.forward(x));
    eprintln!(
        "ResNet-50, batch 4, 224×224: unfused {:.1} ms, fused {:.1} ms, speed-up {:.3}×; \
         max abs error {error:e} on logits up to {scale:.1} in magnitude",
        unfused * 1e3,
        fused_time * 1e3,
        unfused / fused_time
    );
}
