//! `init_cfg`s applied as mmengine applies them: initializers and their arguments, `layer`
//! matching, `override`, `bias_prob`, lists, errors, and the models' `init_weights`.

use registry_core::MODELS;
use registry_core::burn::nn::conv::{Conv2d, Conv2dConfig};
use registry_core::burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig};
use registry_core::burn::tensor::Device;
use registry_core::burn::{self, module::Module};
use registry_core::init::{InitContext, initialize};
use serde_json::{Value, json};

use crate::common::{build, param, stats, tiny_config};

/// A conv–norm–linear stack, big enough for statistics.
#[derive(Module, Debug)]
struct Net {
    conv: Conv2d,
    bn: BatchNorm,
    fc: Linear,
}

fn net() -> Net {
    let device = Device::flex();
    Net {
        conv: Conv2dConfig::new([128, 256], [3, 3]).init(&device),
        bn: BatchNormConfig::new(256).init(&device),
        fc: LinearConfig::new(300, 200).init(&device),
    }
}

fn init(init_cfg: Value) -> Net {
    let mut net = net();
    initialize(&mut net, &init_cfg, &mut InitContext::new())
        .unwrap_or_else(|error| panic!("{init_cfg}: {error}"));
    net
}

fn init_error(init_cfg: Value) -> String {
    match initialize(&mut net(), &init_cfg, &mut InitContext::new()) {
        Ok(()) => panic!("{init_cfg} applied"),
        Err(error) => error.to_string(),
    }
}

fn all(values: &[f32], expected: f32) -> bool {
    values.iter().all(|&v| v == expected)
}

#[test]
fn kaiming_uses_pytorchs_fans_and_gain() {
    // fan_out = 256 · 3 · 3, ReLU gain √2.
    let net = init(json!({"type": "Kaiming", "layer": "Conv2d"}));
    let (mean, std) = stats(&param(&net, "conv.weight"));
    let expected = 2f64.sqrt() / (256.0f64 * 9.0).sqrt();
    assert!(mean.abs() < 0.01 * expected * 10.0, "{mean}");
    assert!((std / expected - 1.0).abs() < 0.02, "{std} vs {expected}");
    assert!(all(&param(&net, "conv.bias"), 0.0));

    // fan_in of Burn's [in=300, out=200] Linear is 300; uniform, leaky_relu with a=0.2.
    let net = init(
        json!({"type": "Kaiming", "layer": "Linear", "mode": "fan_in",
        "nonlinearity": "leaky_relu", "a": 0.2, "distribution": "uniform", "bias": 0.5}),
    );
    let bound = 3f64.sqrt() * (2.0 / 1.04f64).sqrt() / 300f64.sqrt();
    let weight = param(&net, "fc.weight");
    assert!(weight.iter().all(|&w| (w as f64).abs() <= bound + 1e-6));
    assert!((stats(&weight).1 / (bound / 3f64.sqrt()) - 1.0).abs() < 0.03);
    assert!(all(&param(&net, "fc.bias"), 0.5));
}

#[test]
fn xavier_normal_trunc_normal_and_uniform_draw_what_they_say() {
    let net = init(json!({"type": "Xavier", "layer": "Linear", "gain": 2.0}));
    let expected = 2.0 * (2.0f64 / 500.0).sqrt();
    assert!((stats(&param(&net, "fc.weight")).1 / expected - 1.0).abs() < 0.03);

    let net = init(json!({"type": "Normal", "layer": ["Linear"], "mean": 1.0, "std": 0.5}));
    let (mean, std) = stats(&param(&net, "fc.weight"));
    assert!(
        (mean - 1.0).abs() < 0.01 && (std - 0.5).abs() < 0.01,
        "{mean} {std}"
    );

    let net =
        init(json!({"type": "TruncNormal", "layer": "Conv2d", "std": 1.0, "a": -0.5, "b": 0.5}));
    let weight = param(&net, "conv.weight");
    assert!(weight.iter().all(|&w| (-0.5..=0.5).contains(&w)));
    // A normal restricted to ±0.5σ is close to uniform: std ≈ 0.28.
    assert!(
        (stats(&weight).1 - 0.28).abs() < 0.01,
        "{}",
        stats(&weight).1
    );

    let net = init(json!({"type": "Uniform", "layer": "Linear", "a": 2.0, "b": 3.0}));
    assert!(
        param(&net, "fc.weight")
            .iter()
            .all(|&w| (2.0..3.0).contains(&w))
    );
}

#[test]
fn layer_names_match_burns_layers_and_leave_others_alone() {
    let before = net();
    let conv = param(&before, "conv.weight");
    let mut net = before;
    let cfg =
        json!({"type": "Constant", "layer": ["_BatchNorm", "GroupNorm"], "val": 2.0, "bias": 0.5});
    initialize(&mut net, &cfg, &mut InitContext::new()).unwrap();
    assert!(all(&param(&net, "bn.gamma"), 2.0));
    assert!(all(&param(&net, "bn.beta"), 0.5));
    assert!(
        all(&param(&net, "bn.running_var"), 1.0),
        "running statistics are not weights"
    );
    assert_eq!(param(&net, "conv.weight"), conv);

    // bias_prob: a sigmoid of the bias is the prior.
    let net = init(json!({"type": "Constant", "layer": "Linear", "val": 0.0, "bias_prob": 0.01}));
    let bias = param(&net, "fc.bias")[0];
    assert!((bias as f64 + 99f64.ln()).abs() < 1e-5, "{bias}");
}

#[test]
fn override_initialises_a_child_as_a_whole_and_lists_apply_in_order() {
    let net = init(json!({"type": "Normal", "layer": "Conv2d", "std": 0.01,
        "override": {"name": "fc", "type": "Constant", "val": 0.25}}));
    assert!(all(&param(&net, "fc.weight"), 0.25));
    assert!(stats(&param(&net, "conv.weight")).1 < 0.02);

    // An override of only a name takes the dict's own arguments (without `layer`).
    let net = init(json!({"type": "Constant", "val": 3.0, "layer": "Conv2d",
        "override": [{"name": "bn"}]}));
    assert!(all(&param(&net, "bn.gamma"), 3.0) && all(&param(&net, "conv.weight"), 3.0));
    assert!(!all(&param(&net, "fc.weight"), 3.0));

    let net = init(json!([
        {"type": "Constant", "layer": "Linear", "val": 1.0},
        {"type": "Constant", "layer": "Linear", "val": 2.0},
    ]));
    assert!(all(&param(&net, "fc.weight"), 2.0));
}

#[test]
fn bad_init_cfgs_are_errors_naming_their_key() {
    assert_eq!(
        init_error(json!({"type": "Kaimin"})),
        "init_cfg.type: `Kaimin` is not registered in WEIGHT_INITIALIZERS; did you mean `Kaiming`?"
    );
    let error = init_error(json!([{"type": "Normal"}, {"type": "Normal", "std": -1.0}]));
    assert!(
        error.starts_with("init_cfg[1].std: expected a finite std > 0, got -1"),
        "{error}"
    );
    let error = init_error(json!({"type": "Kaiming", "nonlinearity": "softmax"}));
    assert!(
        error.starts_with("init_cfg.nonlinearity: unsupported nonlinearity `softmax`"),
        "{error}"
    );
    let error = init_error(json!({"type": "Normal", "override": {"name": "fx"}}));
    assert_eq!(
        error,
        "init_cfg.override: the module has no child `fx` with parameters; its children are: conv, bn, fc"
    );
    let error = init_error(json!({"type": "Normal", "override": {"type": "Normal"}}));
    assert!(error.contains("must name a child"), "{error}");
    // Whole-module Kaiming reaches the BatchNorm's one-dimensional weight, as in PyTorch.
    let error = init_error(json!({"type": "Kaiming", "override": {"name": "bn"}}));
    assert!(
        error.starts_with("init_cfg.override: bn.gamma: fan in and fan out cannot be computed"),
        "{error}"
    );
}

#[test]
fn the_default_initialisation_is_torchvisions() {
    let model = build(&json!({"type": "ImageClassifier",
        "backbone": {"type": "ResNet", "depth": 50},
        "neck": {"type": "GlobalAveragePooling"},
        "head": {"type": "LinearClsHead", "num_classes": 10, "in_channels": 2048}}));
    // Kaiming normal, fan_out, ReLU gain: layer3's 3×3 convolutions are [256, 256, 3, 3].
    let (_, std) = stats(&param(&model, "backbone.layer3.1.conv2.weight"));
    assert!(
        (std / (2.0f64 / (256.0 * 9.0)).sqrt() - 1.0).abs() < 0.02,
        "{std}"
    );
    assert!(all(&param(&model, "backbone.layer3.1.bn1.gamma"), 1.0));
    assert!(all(&param(&model, "backbone.layer3.1.bn1.beta"), 0.0));
    // zero_init_residual (mmpretrain's default): the last norm of every block.
    assert!(all(&param(&model, "backbone.layer3.1.bn3.gamma"), 0.0));
    let (_, std) = stats(&param(&model, "head.fc.weight"));
    assert!((std - 0.01).abs() < 0.001, "{std}");
}

#[test]
fn init_weights_applies_init_cfgs_then_zero_init_residual() {
    let mut config = tiny_config();
    config["backbone"]["init_cfg"] = json!([
        {"type": "Constant", "layer": "_BatchNorm", "val": 1.0},
        {"type": "Kaiming", "layer": "Conv2d", "mode": "fan_in"},
    ]);
    config["head"]["init_cfg"] = json!({"type": "Constant", "layer": "Linear", "val": 0.5});
    let mut model = build(&config);
    assert!(
        !all(&param(&model, "head.fc.weight"), 0.5),
        "building applies no init_cfg"
    );
    model.init_weights(&mut InitContext::new()).unwrap();
    assert!(all(&param(&model, "head.fc.weight"), 0.5));
    assert!(all(&param(&model, "backbone.layer1.0.bn1.gamma"), 1.0));
    assert!(
        all(&param(&model, "backbone.layer1.0.bn2.gamma"), 0.0),
        "zeroed after"
    );

    config["backbone"]["zero_init_residual"] = json!(false);
    let mut model = build(&config);
    model.init_weights(&mut InitContext::new()).unwrap();
    assert!(all(&param(&model, "backbone.layer1.0.bn2.gamma"), 1.0));

    // A bad init_cfg fails the build, not init_weights later.
    config["backbone"]["init_cfg"] = json!({"type": "Normal", "std": 0.0});
    let error = MODELS.build(&config).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("backbone.init_cfg.std: expected a finite std > 0"),
        "{error}"
    );
}
