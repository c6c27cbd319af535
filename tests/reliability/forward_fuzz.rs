//! From building to running: narrow classifiers built from fuzzed configs take fuzzed batches.
//! Every batch the model's [`InputSpec`](registry_core::InputSpec) accepts runs through
//! `forward`, `predict` and `loss`, and one training step (loss, backward, SGD) on the autodiff
//! device, without a panic; every other batch is refused with a reason.

use proptest::prelude::*;
use registry_core::burn::optim::{GradientsParams, SgdConfig};
use registry_core::burn::tensor::{Device, Distribution, Int, Tensor};
use registry_core::{BuildContext, MODELS, SizeLimits, Targets};
use serde_json::{Value, json};

/// A narrow classifier of one of the ResNet family, with fuzzed structural keys.
fn config() -> impl Strategy<Value = Value> {
    let backbone = (
        prop::sample::select(vec![
            "ResNet",
            "ResNetV1c",
            "ResNetV1d",
            "ResNet_CIFAR",
            "SEResNet",
        ]),
        prop::sample::select(vec![18_u64, 50]),
        1_u64..=4,
        1_usize..=4,
        prop::collection::vec(1_u64..=3, 4),
        prop::collection::vec(1_u64..=3, 4),
    );
    let parts = (
        prop::option::of(Just(json!({"type": "GlobalAveragePooling"}))),
        // A head, with the channels the backbone makes (or, a tenth of the time, others).
        prop::option::of(prop::bool::weighted(0.9)),
    );
    (backbone, parts).prop_map(
        |((kind, depth, in_channels, stages, strides, dilations), (neck, head))| {
            let backbone = json!({
                "type": kind, "depth": depth, "in_channels": in_channels,
                "stem_channels": 4, "base_channels": 2, "num_stages": stages,
                "strides": &strides[..stages], "dilations": &dilations[..stages],
                "out_indices": [stages - 1],
            });
            let expansion = if depth == 18 { 1 } else { 4 };
            let made = (2 * expansion) << (stages - 1);
            let head = head.map(|fits| {
                let in_channels = if fits { made } else { made + 1 };
                json!({"type": "LinearClsHead", "num_classes": 3, "in_channels": in_channels})
            });
            json!({"type": "ImageClassifier", "backbone": backbone, "neck": neck, "head": head})
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn accepted_batches_run_and_the_rest_are_refused(
        config in config(),
        dims in (1_usize..=3, 1_usize..=4, 1_usize..=40, 1_usize..=40),
    ) {
        let model = match MODELS.build(&config) {
            Ok(model) => model,
            // Only the mismatches the strategy makes on purpose may fail to build.
            Err(error) => {
                let message = error.to_string();
                prop_assert!(
                    message.contains("in_channels") || message.contains("neck")
                        || message.contains("depth"),
                    "{config}: {message}"
                );
                return Ok(());
            }
        };
        let dims = [dims.0, dims.1, dims.2, dims.3];
        if model.input_spec().check(dims, &SizeLimits::default()).is_err() {
            return Ok(());
        }
        let device = Device::flex();
        let images = Tensor::<4>::random(dims, Distribution::Uniform(0.0, 255.0), &device);
        let logits = model.forward(images.clone());
        prop_assert_eq!(logits.dims()[0], dims[0]);
        if config["head"].is_object() {
            prop_assert_eq!(model.predict(images.clone()).scores.dims(), [dims[0], 3]);
            let labels = Tensor::<1, Int>::zeros([dims[0]], &device);
            let loss = model.loss(images, Targets::Labels(labels)).loss;
            prop_assert!(loss.into_scalar::<f32>().is_finite());
            prop_assert!(training_step_runs(&config, dims));
        }
    }
}

/// One SGD step of the classifier `config` on a random batch of `dims` on Flex under autodiff
/// (our convolution and BatchNorm kernels forward and backward): true when the loss before the
/// step is finite and the stepped model's output has no NaN.
fn training_step_runs(config: &Value, dims: [usize; 4]) -> bool {
    let device = Device::flex().autodiff();
    let Ok(model) = MODELS.build_in(config, &mut BuildContext::new(device.clone())) else {
        return false;
    };
    let images = Tensor::<4>::random(dims, Distribution::Uniform(0.0, 255.0), &device);
    let labels = Tensor::<1, Int>::zeros([dims[0]], &device);
    let loss = model.loss(images, Targets::Labels(labels)).loss;
    let finite = loss.clone().into_scalar::<f32>().is_finite();
    let grads = GradientsParams::from_grads(loss.backward(), &model);
    let model = SgdConfig::new().init().step(0.01, model, grads);
    let output = model.forward(Tensor::zeros(dims, &device));
    finite && !output.is_nan().any().into_scalar::<bool>()
}
