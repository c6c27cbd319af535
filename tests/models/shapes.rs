//! Output shapes per stage for each `out_indices`, for every member of the family.

use serde_json::{Value, json};

use crate::common::{backbone, images};
use registry_core::burn::tensor::Device;

/// The shapes `config` returns for two `size`×`size` images, and its `out_channels`.
fn shapes(config: Value, size: usize) -> (Vec<[usize; 4]>, Vec<usize>) {
    let backbone = backbone(config);
    let outs = backbone.forward(images(2, size, &Device::flex()));
    (
        outs.iter().map(|out| out.dims()).collect(),
        backbone.out_channels(),
    )
}

#[test]
fn resnet18_returns_every_requested_stage() {
    let (dims, channels) = shapes(
        json!({"type": "ResNet", "depth": 18, "out_indices": [0, 1, 2, 3]}),
        64,
    );
    assert_eq!(
        dims,
        [
            [2, 64, 16, 16],
            [2, 128, 8, 8],
            [2, 256, 4, 4],
            [2, 512, 2, 2]
        ]
    );
    assert_eq!(channels, [64, 128, 256, 512]);
}

#[test]
fn out_indices_select_stages_in_stage_order_and_accept_negative_indices() {
    let slim = |out_indices: Value| {
        json!({"type": "ResNet", "depth": 50, "base_channels": 8, "stem_channels": 8,
               "out_indices": out_indices})
    };
    // The default: the last stage.
    let (dims, channels) = shapes(
        json!({"type": "ResNet", "depth": 50, "base_channels": 8, "stem_channels": 8}),
        32,
    );
    assert_eq!(dims, [[2, 256, 1, 1]]);
    assert_eq!(channels, [256]);
    // -1 is stage 3; outputs come in stage order whatever the order asked.
    let (dims, channels) = shapes(slim(json!([-1, 0])), 32);
    assert_eq!(dims, [[2, 32, 8, 8], [2, 256, 1, 1]]);
    assert_eq!(channels, [32, 256]);
    // -3 and 1 are the same stage: returned once.
    let (dims, _) = shapes(slim(json!([1, -3, 2])), 32);
    assert_eq!(dims, [[2, 64, 4, 4], [2, 128, 2, 2]]);
}

#[test]
fn every_variant_has_its_stem_and_stage_shapes() {
    let all = json!([0, 1, 2, 3]);
    let cases = [
        // Standard stem: /4 before stage 1.
        (
            json!({"type": "ResNet", "depth": 34, "base_channels": 8, "stem_channels": 8}),
            32,
            vec![[2, 8, 8, 8], [2, 16, 4, 4], [2, 32, 2, 2], [2, 64, 1, 1]],
        ),
        // Deep stems: the same sizes.
        (
            json!({"type": "ResNetV1c", "depth": 50, "base_channels": 8, "stem_channels": 8}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
        (
            json!({"type": "ResNetV1d", "depth": 50, "base_channels": 8, "stem_channels": 8}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
        // CIFAR stem: no downsampling.
        (
            json!({"type": "ResNet_CIFAR", "depth": 18, "base_channels": 8, "stem_channels": 8}),
            16,
            vec![[2, 8, 16, 16], [2, 16, 8, 8], [2, 32, 4, 4], [2, 64, 2, 2]],
        ),
        // ResNeXt and SE: Bottleneck shapes.
        (
            json!({"type": "ResNeXt", "depth": 50, "base_channels": 8, "stem_channels": 8, "groups": 4, "width_per_group": 2}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
        (
            json!({"type": "SEResNet", "depth": 50, "base_channels": 8, "stem_channels": 8}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
        (
            json!({"type": "SEResNeXt", "depth": 50, "base_channels": 8, "stem_channels": 8, "groups": 4, "width_per_group": 2}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
        // Wide: base 16 × expansion 2.
        (
            json!({"type": "ResNet", "depth": 50, "base_channels": 16, "expansion": 2, "stem_channels": 8}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
        // caffe style strides in the first 1×1: same shapes.
        (
            json!({"type": "ResNet", "depth": 50, "base_channels": 8, "stem_channels": 8, "style": "caffe"}),
            32,
            vec![[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 2, 2], [2, 256, 1, 1]],
        ),
    ];
    for (mut config, size, expected) in cases {
        config["out_indices"] = all.clone();
        let (dims, channels) = shapes(config.clone(), size);
        assert_eq!(dims, expected, "{config}");
        let expected_channels: Vec<usize> = expected.iter().map(|dims| dims[1]).collect();
        assert_eq!(channels, expected_channels, "{config}");
    }
}

#[test]
fn fewer_stages_strides_and_dilations_shape_the_outputs() {
    // Two stages.
    let (dims, channels) = shapes(
        json!({"type": "ResNet", "depth": 18, "base_channels": 8, "stem_channels": 8,
               "num_stages": 2, "strides": [1, 2], "dilations": [1, 1], "out_indices": [0, 1]}),
        32,
    );
    assert_eq!(dims, [[2, 8, 8, 8], [2, 16, 4, 4]]);
    assert_eq!(channels, [8, 16]);
    // Dilated last stages keep the resolution (output stride 8).
    let (dims, _) = shapes(
        json!({"type": "ResNet", "depth": 50, "base_channels": 8, "stem_channels": 8,
               "strides": [1, 2, 1, 1], "dilations": [1, 1, 2, 4], "out_indices": [0, 1, 2, 3]}),
        32,
    );
    assert_eq!(
        dims,
        [[2, 32, 8, 8], [2, 64, 4, 4], [2, 128, 4, 4], [2, 256, 4, 4]]
    );
}
