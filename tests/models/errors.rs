//! Every bad value is an error naming its key path; nothing panics.

use serde_json::{Value, json};

use crate::common::{backbone_error, classifier, model_error};

fn resnet(extra: Value) -> Value {
    let mut config = json!({"type": "ResNet", "depth": 50});
    for (key, value) in extra.as_object().unwrap() {
        config[key] = value.clone();
    }
    config
}

#[test]
fn bad_backbone_values_name_their_key() {
    let cases = [
        (
            json!({"type": "ResNet", "depth": 51}),
            "depth: invalid depth 51 for ResNet; expected one of 18, 34, 50, 101, 152 (in ResNet)",
        ),
        (
            json!({"type": "ResNeXt", "depth": 18}),
            "depth: invalid depth 18 for ResNeXt; expected one of 50, 101, 152 (in ResNeXt)",
        ),
        (
            json!({"type": "SEResNet", "depth": 34}),
            "depth: invalid depth 34 for SEResNet; expected one of 50, 101, 152 (in SEResNet)",
        ),
        (
            resnet(json!({"out_indices": [4]})),
            "out_indices: stage index 4 is out of range for num_stages=4 (expected -4 to 3) (in ResNet)",
        ),
        (
            resnet(
                json!({"num_stages": 2, "strides": [1, 2], "dilations": [1, 1], "out_indices": [-3]}),
            ),
            "out_indices: stage index -3 is out of range for num_stages=2 (expected -2 to 1) (in ResNet)",
        ),
        (
            resnet(json!({"out_indices": []})),
            "out_indices: expected at least one stage index (in ResNet)",
        ),
        (
            resnet(json!({"strides": [1, 2, 2]})),
            "strides: expected 4 strides, one per stage (num_stages=4), got 3 (in ResNet)",
        ),
        (
            resnet(json!({"num_stages": 3, "strides": [1, 2, 2]})),
            "dilations: expected 3 dilations, one per stage (num_stages=3), got 4 (in ResNet)",
        ),
        (
            resnet(json!({"strides": [1, 0, 2, 2]})),
            "strides: expected every stride ≥ 1, got 0 at index 1 (in ResNet)",
        ),
        (
            resnet(json!({"num_stages": 5})),
            "num_stages: expected 1 to 4 stages, got 5 (in ResNet)",
        ),
        (
            resnet(json!({"strides": [1, "2", 2, 2]})),
            "strides[1]: invalid type: string \"2\", expected usize (in ResNet)",
        ),
        (
            resnet(json!({"style": "tensorflow"})),
            "style: unknown variant `tensorflow`, expected `pytorch` or `caffe` (in ResNet)",
        ),
        (
            resnet(json!({"frozen_stages": 5})),
            "frozen_stages: expected -1 (nothing frozen) to 4 (num_stages), got 5 (in ResNet)",
        ),
        (
            resnet(json!({"with_cp": true})),
            "with_cp: with_cp=True (gradient checkpointing per block) is not supported; Burn chooses checkpointing per autodiff device (in ResNet)",
        ),
        (
            resnet(json!({"conv_cfg": {"type": "ConvWS"}})),
            "conv_cfg: only plain convolutions (None or dict(type='Conv2d')) are supported, got {\"type\":\"ConvWS\"} (in ResNet)",
        ),
        (
            resnet(json!({"drop_path_rate": 1.0})),
            "drop_path_rate: expected a rate in [0, 1), got 1 (in ResNet)",
        ),
        (
            resnet(json!({"base_channels": 0})),
            "base_channels: expected at least one channel, got 0 (in ResNet)",
        ),
        (
            json!({"type": "ResNet", "depth": 18, "expansion": 2}),
            "expansion: BasicBlock (depth 18) requires expansion 1, got 2 (in ResNet)",
        ),
        (
            resnet(json!({"expansion": 0})),
            "expansion: expected an expansion ≥ 1, got 0 (in ResNet)",
        ),
        (
            json!({"type": "ResNetV1d", "depth": 50, "deep_stem": false}),
            "deep_stem: unknown key `deep_stem`; valid keys: `depth`, `in_channels`, `stem_channels`, `base_channels`, `expansion`, `num_stages`, `strides`, `dilations`, `out_indices`, `style`, `frozen_stages`, `conv_cfg`, `norm_cfg`, `norm_eval`, `with_cp`, `zero_init_residual`, `init_cfg`, `drop_path_rate` (in ResNetV1d)",
        ),
        (
            json!({"type": "ResNet_CIFAR", "depth": 18, "deep_stem": true}),
            "deep_stem: ResNet_CIFAR does not support deep_stem (in ResNet_CIFAR)",
        ),
        (
            json!({"type": "ResNeXt", "depth": 50, "groups": 0}),
            "groups: expected at least one group, got 0 (in ResNeXt)",
        ),
        (
            json!({"type": "SEResNet", "depth": 50, "se_ratio": 0}),
            "se_ratio: expected a ratio ≥ 1, got 0 (in SEResNet)",
        ),
        (
            resnet(json!({"norm_cfg": {"type": "GN", "num_groups": 24}})),
            "norm_cfg.num_groups: 24 groups do not divide 64 channels (in GN)",
        ),
        (
            resnet(json!({"norm_cfg": {"type": "BN", "affine": false}})),
            "norm_cfg.affine: affine=False is not supported: Burn's BatchNorm always has a learnable weight and bias (in BN)",
        ),
        (
            resnet(json!({"norm_cfg": {"type": "BN", "momentum": null}})),
            "norm_cfg.momentum: momentum=None (a cumulative moving average) is not supported: Burn's norm layers update running statistics with a fixed momentum (in BN)",
        ),
        (
            resnet(json!({"norm_cfg": {"type": "BN", "num_features": 3}})),
            "norm_cfg: `num_features` is set by the backbone for each norm layer; remove it (in ResNet)",
        ),
        (
            resnet(json!({"norm_cfg": {"type": "BatchNorm"}})),
            "norm_cfg.type: `BatchNorm` is not registered in NORM_LAYERS (in ResNet)",
        ),
    ];
    for (config, expected) in cases {
        let message = backbone_error(config.clone());
        assert_eq!(message, expected, "{config}");
    }
}

#[test]
fn bad_classifier_values_name_their_key() {
    let cifar = json!({"type": "ResNet_CIFAR", "depth": 18});
    let with = |key: &str, value: Value| {
        let mut config = classifier(cifar.clone(), 512, 10);
        config[key] = value;
        config
    };
    let mut mismatch = classifier(json!({"type": "ResNet", "depth": 50}), 512, 1000);
    mismatch["head"]["in_channels"] = json!(512);
    let mut headless_neck = classifier(cifar.clone(), 512, 10);
    headless_neck.as_object_mut().unwrap().remove("neck");
    let mut topk = classifier(cifar.clone(), 512, 10);
    topk["head"]["topk"] = json!([1, 11]);
    let mut class_weight = classifier(cifar.clone(), 512, 10);
    class_weight["head"]["loss"] = json!({"type": "CrossEntropyLoss", "class_weight": [1.0, 2.0]});
    let mut smooth = classifier(cifar.clone(), 512, 10);
    smooth["head"]["loss"] = json!({"type": "LabelSmoothLoss", "label_smooth_val": 1.0});
    let mut smooth_classes = classifier(cifar.clone(), 512, 10);
    smooth_classes["head"]["loss"] =
        json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1, "num_classes": 100});
    let mut zero_classes = classifier(cifar.clone(), 512, 10);
    zero_classes["head"]["num_classes"] = json!(0);

    let cases = [
        (
            mismatch,
            "head.in_channels: the head takes 512 channels, but the backbone (through the neck) produces 2048 (in ImageClassifier)",
        ),
        (
            headless_neck,
            "neck: a head takes feature vectors: set a neck such as dict(type='GlobalAveragePooling') (in ImageClassifier)",
        ),
        (
            topk,
            "head.topk: top-11 accuracy is unavailable with 10 classes (expected 1 ≤ k ≤ 10) (in LinearClsHead)",
        ),
        (
            class_weight,
            "head.loss.class_weight: expected one weight per class (10), got 2 (in LinearClsHead)",
        ),
        (
            smooth,
            "head.loss.label_smooth_val: expected a value in [0, 1), got 1 (in LabelSmoothLoss)",
        ),
        (
            smooth_classes,
            "head.loss.num_classes: the loss expects 100 classes, the head has 10 (in LinearClsHead)",
        ),
        (
            zero_classes,
            "head.num_classes: num_classes=0 must be a positive integer (in LinearClsHead)",
        ),
        (
            with("pretrained", json!("torchvision://resnet18")),
            "pretrained: loading 'torchvision://resnet18' from the config is not supported yet: build the model, then load the checkpoint with burn-store (in ImageClassifier)",
        ),
        (
            with(
                "train_cfg",
                json!({"augments": {"type": "Mixup", "alpha": 0.0}}),
            ),
            "train_cfg.augments.alpha: expected alpha > 0, got 0 (in Mixup)",
        ),
        (
            with(
                "train_cfg",
                json!({"augments": [{"type": "Mixup", "alpha": 0.2}, {"type": "CutMix", "alpha": 1.0, "cutmix_minmax": [0.5]}]}),
            ),
            "train_cfg.augments[1].cutmix_minmax: expected [min, max] with 0 ≤ min < max ≤ 1, got [0.5] (in CutMix)",
        ),
        (
            with(
                "train_cfg",
                json!({"augments": [{"type": "Mixup", "alpha": 0.2}], "probs": [0.5, 0.5]}),
            ),
            "train_cfg.probs: `augments` and `probs` must have the same length, got 1 vs 2 (in ImageClassifier)",
        ),
        (
            with(
                "train_cfg",
                json!({"augments": [{"type": "Mixup", "alpha": 0.2}, {"type": "CutMix", "alpha": 1.0}], "probs": [0.6, 0.6]}),
            ),
            "train_cfg.probs: the total probability of batch augments exceeds 1 (1.2) (in ImageClassifier)",
        ),
        (
            with("train_cfg", json!({"augments": {"type": "RandAugment"}})),
            "train_cfg.augments.type: `RandAugment` is not registered in BATCH_AUGMENTS (in ImageClassifier)",
        ),
        (
            with(
                "data_preprocessor",
                json!({"mean": [123.675, 116.28, 103.53]}),
            ),
            "data_preprocessor.std: to enable the normalization in preprocessing, specify both `mean` and `std` (in ImageClassifier)",
        ),
        (
            with(
                "data_preprocessor",
                json!({"type": "SelfSupDataPreprocessor"}),
            ),
            "data_preprocessor.type: only 'ClsDataPreprocessor' is supported, got 'SelfSupDataPreprocessor' (in ImageClassifier)",
        ),
        (
            with("data_preprocessor", json!({"num_classes": 100})),
            "data_preprocessor.num_classes: 100 classes, but the head has 10 (in ImageClassifier)",
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(model_error(&config), expected, "{config}");
    }
}

#[test]
fn whole_configs_validate_and_report_every_error() {
    use registry_core::MODELS;
    let mut config = classifier(
        json!({"type": "ResNetV1d", "depth": 50, "norm_cfg": {"type": "SyncBN", "requires_grad": true}}),
        2048,
        1000,
    );
    config["head"]["loss"] = json!({"type": "LabelSmoothLoss", "label_smooth_val": 0.1});
    config["train_cfg"] =
        json!({"augments": [{"type": "Mixup", "alpha": 0.8}, {"type": "CutMix", "alpha": 1.0}]});
    config["data_preprocessor"] = json!({"num_classes": 1000, "mean": [123.675, 116.28, 103.53],
                                          "std": [58.395, 57.12, 57.375], "to_rgb": true});
    MODELS.validate(&config).unwrap();

    config["backbone"]["norm_cfg"]["eps"] = json!("small");
    config["head"]["loss"]["mode"] = json!("smooth");
    config["train_cfg"]["augments"][1]["alpah"] = json!(1.0);
    let error = MODELS.validate(&config).unwrap_err();
    let messages: Vec<String> = error.flatten().iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "backbone.norm_cfg.eps: invalid type: string \"small\", expected f64 (in BN)",
            "head.loss.mode: unknown variant `smooth`, expected one of `original`, `classy_vision`, `multi_label` (in LabelSmoothLoss)",
            "train_cfg.augments[1].alpah: unknown key `alpah`; valid keys: `alpha`, `cutmix_minmax`, `correct_lam` (in CutMix)",
        ]
    );
}
