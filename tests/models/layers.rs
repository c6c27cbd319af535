//! The mmcv norm layers and activations of registry-core, as the backbones use them.

use registry_core::burn::module::Module;
use registry_core::burn::tensor::{Device, Distribution, Tensor};
use registry_core::{ACTIVATIONS, BuildContext, NORM_LAYERS, NormLayer, count_parameters};
use serde_json::{Value, json};

use crate::common::{snapshot, values};

fn norm(config: Value, channels: usize, device: &Device) -> Box<dyn NormLayer> {
    let mut ctx = BuildContext::new(device.clone());
    let defaults = json!({"num_features": channels})
        .as_object()
        .unwrap()
        .clone();
    ctx.build_with_defaults(&NORM_LAYERS, "norm_cfg", &config, &defaults)
        .unwrap_or_else(|error| panic!("{config}: {error}"))
}

#[test]
fn every_mmcv_norm_builds_with_the_owners_channels() {
    let device = Device::flex();
    let x = Tensor::<4>::random([2, 8, 3, 3], Distribution::Normal(0.0, 1.0), &device);
    for (config, params) in [
        (json!({"type": "BN"}), 16),
        (json!({"type": "BN2d", "eps": 1e-3, "momentum": 0.01}), 16),
        (json!({"type": "SyncBN", "requires_grad": true}), 16),
        (json!({"type": "GN", "num_groups": 4}), 16),
        (json!({"type": "GN", "num_groups": 2, "affine": false}), 0),
        (json!({"type": "LN"}), 16),
        (json!({"type": "LN", "bias": false}), 8),
        (json!({"type": "IN"}), 0),
        (json!({"type": "IN", "affine": true}), 16),
    ] {
        let layer = norm(config.clone(), 8, &device);
        assert_eq!(count_parameters(&layer), params, "{config}");
        assert_eq!(layer.forward(x.clone()).dims(), [2, 8, 3, 3], "{config}");
    }
    assert_eq!(NORM_LAYERS.get("SyncBN").unwrap().name, "BN");
}

#[test]
fn layer_norm_normalises_the_channels_of_each_pixel() {
    let device = Device::flex();
    let x = Tensor::<4>::random([1, 8, 2, 2], Distribution::Normal(3.0, 2.0), &device);
    let out = norm(json!({"type": "LN"}), 8, &device).forward(x);
    let means = values(out.clone().mean_dim(1));
    let variances = values(out.powf_scalar(2.0).mean_dim(1));
    assert!(means.iter().all(|m| m.abs() < 1e-5), "{means:?}");
    assert!(
        variances.iter().all(|v| (v - 1.0).abs() < 1e-3),
        "{variances:?}"
    );
}

#[test]
fn batch_norm_statistics_and_modes() {
    let device = Device::flex().autodiff();
    let layer = norm(json!({"type": "BN", "momentum": 1.0}), 1, &device);
    // One channel, values 1, 2, 3, 6: mean 3, biased variance 3.5 (unbiased 14/3).
    let x = Tensor::<4>::from_floats([[[[1.0, 2.0], [3.0, 6.0]]]], &device);
    let trained = layer.forward(x.clone());
    let stats = snapshot(&layer);
    assert_eq!(crate::common::at(&stats, "running_mean"), [3.0]);
    // Burn updates running_var with the biased batch variance; PyTorch with the unbiased one.
    assert_eq!(crate::common::at(&stats, "running_var"), [3.5]);
    // Training mode normalises with the batch's (biased) statistics …
    let expected: Vec<f32> = [1.0f32, 2.0, 3.0, 6.0]
        .iter()
        .map(|v| (v - 3.0) / (3.5f32 + 1e-5).sqrt())
        .collect();
    let trained = values(trained);
    assert!(
        trained
            .iter()
            .zip(&expected)
            .all(|(a, b)| (a - b).abs() < 1e-5)
    );
    // … eval mode with the running ones: the same here, since momentum 1 copied them.
    let plain = x.to_device(&Device::flex());
    let evaluated = values(layer.valid().forward(plain));
    assert!(
        evaluated
            .iter()
            .zip(&expected)
            .all(|(a, b)| (a - b).abs() < 1e-5)
    );
}

#[test]
fn norm_config_errors_name_their_key() {
    for (config, expected) in [
        (
            json!({"type": "BN", "track_running_stats": false}),
            "norm_cfg.track_running_stats: track_running_stats=False is not supported: Burn's BatchNorm always keeps running statistics and uses them in eval mode (in BN)",
        ),
        (
            json!({"type": "BN", "eps": 0.0}),
            "norm_cfg.eps: expected a finite eps > 0, got 0 (in BN)",
        ),
        (
            json!({"type": "BN", "momentum": 1.5}),
            "norm_cfg.momentum: expected a momentum in [0, 1], got 1.5 (in BN)",
        ),
        (
            json!({"type": "GN"}),
            "norm_cfg: missing field `num_groups` (in GN)",
        ),
        (
            json!({"type": "LN", "elementwise_affine": false}),
            "norm_cfg.elementwise_affine: elementwise_affine=False is not supported: Burn's LayerNorm always has a learnable weight (in LN)",
        ),
        (
            json!({"type": "IN", "track_running_stats": true}),
            "norm_cfg.track_running_stats: track_running_stats=True is not supported: Burn's InstanceNorm normalises with the statistics of each instance, in training and eval mode alike (in IN)",
        ),
    ] {
        let mut ctx = BuildContext::default();
        let defaults = json!({"num_features": 8}).as_object().unwrap().clone();
        let error = ctx
            .build_with_defaults(&NORM_LAYERS, "norm_cfg", &config, &defaults)
            .expect_err("must not build");
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn activations_compute_mmcvs_functions() {
    let device = Device::flex();
    let inputs = [-4.0f32, -1.0, 0.0, 0.5, 2.0, 7.0];
    let x = Tensor::<4>::from_floats([[[inputs]]], &device);
    let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
    let relu6 = |v: f32| v.clamp(0.0, 6.0);
    type Case = (Value, Box<dyn Fn(f32) -> f32>);
    let cases: Vec<Case> = vec![
        (
            json!({"type": "ReLU", "inplace": true}),
            Box::new(|v: f32| v.max(0.0)),
        ),
        (
            json!({"type": "LeakyReLU", "negative_slope": 0.2}),
            Box::new(|v: f32| if v < 0.0 { 0.2 * v } else { v }),
        ),
        (json!({"type": "ReLU6"}), Box::new(relu6)),
        (
            json!({"type": "ELU", "alpha": 0.5}),
            Box::new(|v: f32| if v > 0.0 { v } else { 0.5 * (v.exp() - 1.0) }),
        ),
        (json!({"type": "Sigmoid"}), Box::new(sigmoid)),
        (json!({"type": "Tanh"}), Box::new(f32::tanh)),
        (
            json!({"type": "SiLU"}),
            Box::new(move |v: f32| v * sigmoid(v)),
        ),
        (
            json!({"type": "Swish"}),
            Box::new(move |v: f32| v * sigmoid(v)),
        ),
        (
            json!({"type": "HSigmoid"}),
            Box::new(move |v: f32| relu6(v + 3.0) / 6.0),
        ),
        (
            json!({"type": "HSigmoid", "bias": 1.0, "divisor": 2.0}),
            Box::new(|v: f32| ((v + 1.0) / 2.0).clamp(0.0, 1.0)),
        ),
        (
            json!({"type": "HSwish"}),
            Box::new(move |v: f32| v * relu6(v + 3.0) / 6.0),
        ),
        (
            json!({"type": "PReLU"}),
            Box::new(|v: f32| if v < 0.0 { 0.25 * v } else { v }),
        ),
        (
            json!({"type": "GELU", "approximate": "tanh"}),
            Box::new(|v: f32| {
                0.5 * v
                    * (1.0
                        + ((2.0 / std::f32::consts::PI).sqrt() * (v + 0.044715 * v.powi(3))).tanh())
            }),
        ),
    ];
    for (config, function) in cases {
        let activation = ACTIVATIONS
            .build(&config)
            .unwrap_or_else(|error| panic!("{config}: {error}"));
        let out = values(activation.forward(x.clone()));
        for (value, input) in out.iter().zip(inputs) {
            assert!(
                (value - function(input)).abs() < 1e-5,
                "{config} at {input}: {value}"
            );
        }
    }
    let error = ACTIVATIONS
        .build(&json!({"type": "HSigmoid", "max_value": 6.0}))
        .err()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "max_value: only max_value=1 is supported (Burn's hard sigmoid clamps to [0, 1]), got 6 (in HSigmoid)"
    );
}
