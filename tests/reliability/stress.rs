//! Concurrency: eight threads build models and read the registries while another registers
//! backbones at run time; every build must be right, nothing may deadlock or tear. Repeated
//! `STRESS_ROUNDS` times (default 3).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use registry_core::burn;
use registry_core::burn::module::Module;
use registry_core::burn::nn::conv::{Conv2d, Conv2dConfig};
use registry_core::burn::tensor::Tensor;
use registry_core::{
    BACKBONES, Backbone, BuildContext, BuildError, BuildErrorKind, Buildable, EntryInfo, MODELS,
    count_parameters,
};
use serde_json::{Value, json};

/// A backbone registered at run time: one 1×1 convolution to `width` channels.
#[derive(Module, Debug)]
pub struct StressNet {
    conv: Conv2d,
    #[module(skip)]
    width: usize,
}

/// The config of [`StressNet`].
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct StressNetConfig {
    width: usize,
}

impl Buildable for StressNet {
    type Config = StressNetConfig;

    fn build(config: StressNetConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let width = ctx.check_width("width", config.width)?;
        ctx.declare("the convolution", &[width, 4])?;
        Ok(StressNet {
            conv: Conv2dConfig::new([3, width], [1, 1]).init(ctx.device()),
            width,
        })
    }
}

impl Backbone for StressNet {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        vec![self.conv.forward(images)]
    }

    fn out_channels(&self) -> Vec<usize> {
        vec![self.width]
    }
}

/// A classifier on `backbone` with a linear head from `width` channels to 3 classes.
fn classifier(backbone: Value, width: usize) -> Value {
    integration_tests::classifier(backbone, width, 3)
}

/// The parameters of a [`classifier`] on a `StressNet` of `width`: the convolution and the head.
fn stress_parameters(width: usize) -> usize {
    (3 * width + width) + (width * 3 + 3)
}

/// ResNet configs and their torchvision parameter counts (3 classes).
fn resnets() -> [(Value, usize); 2] {
    [
        (
            classifier(json!({"type": "ResNet", "depth": 18}), 512),
            11_689_512 - 997 * 513,
        ),
        (
            classifier(json!({"type": "ResNet", "depth": 50}), 2048),
            25_557_032 - 997 * 2049,
        ),
    ]
}

fn rounds() -> usize {
    std::env::var("STRESS_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(3)
}

/// One round: eight builders and readers, one registering thread.
fn round(round: usize) {
    const NEW_ENTRIES: usize = 24;
    let registered = AtomicUsize::new(0);
    let name = |index: usize| format!("Stress{round}x{index}");
    thread::scope(|scope| {
        for worker in 0..8_usize {
            let registered = &registered;
            scope.spawn(move || {
                for step in 0..6_usize {
                    let (config, parameters) = &resnets()[(worker + step) % 2];
                    let model = MODELS.build(config).unwrap();
                    assert_eq!(count_parameters(&model), *parameters);

                    // An entry the registering thread has announced must build; a later one
                    // may build or be unknown, nothing else.
                    let known = registered.load(Ordering::Acquire);
                    let index = (worker * 7 + step * 5) % NEW_ENTRIES;
                    let width = 8 + index;
                    let config = classifier(json!({"type": name(index), "width": width}), width);
                    match MODELS.build(&config) {
                        Ok(model) => assert_eq!(count_parameters(&model), stress_parameters(width)),
                        Err(error) => {
                            assert!(index >= known, "announced {} failed: {error}", name(index));
                            assert!(
                                matches!(error.kind, BuildErrorKind::UnknownType { .. }),
                                "{error}"
                            );
                        }
                    }

                    assert!(BACKBONES.len() >= 7);
                    assert!(BACKBONES.get("ResNet").is_some());
                    assert!(BACKBONES.schema("ResNeXt").is_some());
                    assert!(!BACKBONES.list("ResNe*").unwrap().is_empty());
                    MODELS.validate(&resnets()[0].0).unwrap();
                    BACKBONES.ensure_no_conflicts().unwrap();
                }
            });
        }
        scope.spawn(|| {
            for index in 0..NEW_ENTRIES {
                let entry_name: &'static str = name(index).leak();
                BACKBONES
                    .register::<StressNet>(EntryInfo::new(entry_name, "stress"))
                    .unwrap();
                registered.store(index + 1, Ordering::Release);
                let width = 8 + index;
                let config = classifier(json!({"type": entry_name, "width": width}), width);
                let model = MODELS.build(&config).unwrap();
                assert_eq!(count_parameters(&model), stress_parameters(width));
            }
        });
    });
    assert!(BACKBONES.contains(&name(NEW_ENTRIES - 1)));
}

#[test]
fn builds_stay_correct_while_backbones_register_concurrently() {
    for index in 0..rounds() {
        round(index);
    }
}

#[test]
fn a_runtime_registration_under_a_taken_name_is_refused_and_changes_nothing() {
    let before = BACKBONES.len();
    // The same name in the same scope: refused (another scope would be allowed, and make bare
    // `ResNet` ambiguous).
    let error = BACKBONES
        .register::<StressNet>(EntryInfo::new("ResNet", "models"))
        .unwrap_err();
    assert!(
        matches!(error.kind, BuildErrorKind::Duplicate(_)),
        "{error}"
    );
    assert_eq!(BACKBONES.len(), before);
    BACKBONES.ensure_no_conflicts().unwrap();
    assert_eq!(
        BACKBONES.get("ResNet").unwrap().type_path,
        "models::backbones::resnet::ResNet"
    );
}
