//! Training states from the config: frozen stages, `norm_eval`, `requires_grad=False` norms,
//! zero-initialised residuals and stochastic depth; they hold through an optimizer step and
//! through `valid()`/`train()`.

use models::backbones::{BasicBlock, ResBlockKind, ResNet};
use registry_core::burn::module::Module;
use registry_core::burn::optim::{GradientsParams, SgdConfig};
use registry_core::burn::tensor::{Device, Tensor};
use registry_core::erased::DynModule;
use registry_core::{BACKBONES, Backbone, BackboneKind, BuildContext, Model, Targets};
use serde_json::{Value, json};

use crate::common::{backbone, classifier, images, labels, model, snapshot, values};

/// A ResNet-18 classifier with slim stages, on the autodiff Flex device.
fn slim_classifier(extra: Value) -> Box<dyn Model> {
    let mut backbone =
        json!({"type": "ResNet", "depth": 18, "base_channels": 8, "stem_channels": 8});
    for (key, value) in extra.as_object().unwrap() {
        backbone[key] = value.clone();
    }
    model(&classifier(backbone, 64, 5), &Device::flex().autodiff())
}

/// One SGD step on a classification loss; the stepped model.
fn sgd_step(model: Box<dyn Model>) -> Box<dyn Model> {
    let device = Device::flex().autodiff();
    let output = model.loss(
        images(4, 32, &device),
        Targets::Labels(labels(&[0, 1, 2, 3], &device)),
    );
    let grads = GradientsParams::from_grads(output.loss.backward(), &model);
    SgdConfig::new().init().step(0.5, model, grads)
}

fn is_stat(path: &str) -> bool {
    path.ends_with("running_mean") || path.ends_with("running_var")
}

#[test]
fn frozen_stages_do_not_change_after_an_optimizer_step() {
    // frozen_stages=2: the stem, layer1 and layer2; through valid() and train() again.
    let model = slim_classifier(json!({"frozen_stages": 2, "zero_init_residual": false}));
    let model = Module::train(model.valid());
    let before = snapshot(&model);
    let after = snapshot(&sgd_step(model));
    let frozen = [
        "backbone.conv1.",
        "backbone.bn1.",
        "backbone.layer1.",
        "backbone.layer2.",
    ];
    let (mut frozen_checked, mut trained_changed, mut stats_changed) = (0, 0, 0);
    for ((path, old, require_grad), (_, new, _)) in before.iter().zip(&after) {
        if frozen.iter().any(|prefix| path.starts_with(prefix)) {
            assert_eq!(old, new, "{path} changed, but its stage is frozen");
            if !is_stat(path) {
                assert!(
                    !require_grad,
                    "{path} requires gradients, but its stage is frozen"
                );
            }
            frozen_checked += 1;
        } else if path.starts_with("backbone.layer3.") && old != new {
            if is_stat(path) {
                stats_changed += 1;
            } else {
                trained_changed += 1;
            }
        }
    }
    // Stem: conv + 4 BatchNorm tensors; layer1: 2 blocks of 2 convs and 2 BatchNorms;
    // layer2: the same and a downsample.
    assert_eq!(frozen_checked, 5 + 20 + 25, "frozen tensors seen");
    assert!(
        trained_changed > 10,
        "layer3 barely trained: {trained_changed}"
    );
    assert!(
        stats_changed > 4,
        "layer3's BatchNorm statistics did not update"
    );
}

#[test]
fn norm_eval_keeps_batch_norm_statistics_fixed_in_training_mode() {
    let model = slim_classifier(json!({"norm_eval": true, "zero_init_residual": false}));
    let model = Module::train(model.valid());
    let before = snapshot(&model);
    let after = snapshot(&sgd_step(model));
    let (mut stats, mut changed) = (0, 0);
    for ((path, old, require_grad), (_, new, _)) in before.iter().zip(&after) {
        if is_stat(path) {
            assert_eq!(old, new, "{path} changed with norm_eval");
            stats += 1;
        } else {
            assert!(
                require_grad,
                "{path} is frozen, but norm_eval freezes nothing"
            );
            changed += usize::from(old != new);
        }
    }
    assert_eq!(stats, 2 * 20, "BatchNorm statistics seen");
    // 20 convolutions, 20 BatchNorm weights and biases, fc: all train.
    assert_eq!(changed, 20 + 40 + 2, "weights that trained with norm_eval");
}

#[test]
fn without_norm_eval_training_updates_the_statistics() {
    let model = slim_classifier(json!({}));
    let before = snapshot(&model);
    let after = snapshot(&sgd_step(model));
    let changed = before
        .iter()
        .zip(&after)
        .filter(|((path, old, _), (_, new, _))| is_stat(path) && old != new)
        .count();
    assert_eq!(changed, 2 * 20);
}

#[test]
fn norms_with_requires_grad_false_are_frozen_and_the_rest_trains() {
    let model = slim_classifier(json!({"norm_cfg": {"type": "BN", "requires_grad": false},
                                       "zero_init_residual": false}));
    let before = snapshot(&model);
    let after = snapshot(&sgd_step(model));
    for ((path, old, require_grad), (_, new, _)) in before.iter().zip(&after) {
        let is_norm_param = path.ends_with("gamma") || path.ends_with("beta");
        if is_norm_param && path.starts_with("backbone.") {
            assert!(!require_grad, "{path} requires gradients");
            assert_eq!(old, new, "{path} changed");
        } else if path.ends_with("conv1.weight") && path.starts_with("backbone.layer4.0") {
            assert!(*require_grad);
            assert_ne!(old, new, "{path} did not train");
        }
    }
}

#[test]
fn zero_init_residual_zeroes_the_last_norm_of_every_block() {
    let gammas = |extra: Value| {
        let mut config =
            json!({"type": "ResNet", "depth": 50, "base_channels": 8, "stem_channels": 8});
        for (key, value) in extra.as_object().unwrap() {
            config[key] = value.clone();
        }
        let snapshot = snapshot(&backbone(config));
        let sum = |suffix: &str| -> f32 {
            snapshot
                .iter()
                .filter(|(path, ..)| path.ends_with(suffix))
                .flat_map(|(_, values, _)| values.iter().copied())
                .sum()
        };
        (
            sum("bn1.gamma"),
            sum("bn3.gamma"),
            sum("downsample.bn.gamma"),
        )
    };
    // 16 blocks; bn3 has 4 × mid channels: 32, 64, 128, 256 for 3, 4, 6, 3 blocks.
    let bn3_channels = (3 * 32 + 4 * 64 + 6 * 128 + 3 * 256) as f32;
    let (bn1, bn3, downsample) = gammas(json!({}));
    assert_eq!(bn3, 0.0, "mmpretrain's default zero_init_residual=True");
    assert_eq!(bn1, 8.0 + bn3_channels / 4.0, "other norms start at 1");
    assert_eq!(downsample, (32 + 64 + 128 + 256) as f32);
    assert_eq!(gammas(json!({"zero_init_residual": false})).1, bn3_channels);
    // Suppressed for pretrained weights, as mmpretrain does.
    let pretrained = json!({"init_cfg": {"type": "Pretrained", "checkpoint": "x.pth"}});
    assert_eq!(gammas(pretrained).1, bn3_channels);
}

/// The ResNet inside a boxed backbone.
fn resnet(backbone: &dyn Backbone) -> &ResNet {
    DynModule::<BackboneKind>::as_any(backbone)
        .downcast_ref::<ResNet>()
        .expect("a ResNet")
}

#[test]
fn drop_path_rates_rise_linearly_and_act_only_in_training() {
    let config = json!({"type": "ResNet", "depth": 18, "base_channels": 8, "stem_channels": 8,
                        "drop_path_rate": 0.7, "zero_init_residual": false});
    let backbone = backbone(config.clone());
    let rates: Vec<Option<f64>> = resnet(&*backbone)
        .stages()
        .into_iter()
        .flatten()
        .map(|block| {
            let block = DynModule::<ResBlockKind>::as_any(&**block)
                .downcast_ref::<BasicBlock>()
                .expect("a BasicBlock");
            block.drop_path.as_ref().map(|drop_path| drop_path.prob)
        })
        .collect();
    assert_eq!(rates.len(), 8);
    assert_eq!(rates[0], None, "rate 0: no drop path");
    for (index, rate) in rates.iter().enumerate().skip(1) {
        let expected = 0.7 * index as f64 / 7.0;
        assert!(
            (rate.unwrap() - expected).abs() < 1e-12,
            "block {index}: {rate:?}"
        );
    }

    // Deterministic on a plain device, or in eval mode; random while training on an autodiff
    // device.
    let x = images(8, 32, &Device::flex());
    assert_eq!(
        values(backbone.forward(x.clone()).remove(0)),
        values(backbone.forward(x).remove(0))
    );
    let device = Device::flex().autodiff();
    let mut ctx = BuildContext::new(device.clone());
    let training = BACKBONES.build_in(&config, &mut ctx).unwrap();
    let x = images(8, 32, &device);
    assert_ne!(
        values(training.forward(x.clone()).remove(0)),
        values(training.forward(x.clone()).remove(0))
    );
    let valid = training.valid();
    let x = x.to_device(&Device::flex()).detach();
    let x = Tensor::<4>::from_data(x.into_data(), &Device::flex());
    assert_eq!(
        values(valid.forward(x.clone()).remove(0)),
        values(valid.forward(x).remove(0))
    );
}
