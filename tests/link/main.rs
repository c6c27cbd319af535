//! No lost registrations: this binary depends on `models` but names none of its items. The one
//! `link!` line below is all it takes for every registration in `models` to run. (The
//! `unlinked` target is the same binary without it.)

registry_core::link!(models);

use registry_core::{BACKBONES, HEADS, LOSSES, MODELS, NECKS};
use serde_json::json;

#[test]
fn every_registration_of_a_linked_crate_is_present() {
    for (registry, name) in [
        (BACKBONES.names(), "ResNet"),
        (BACKBONES.names(), "ResNet_CIFAR"),
        (NECKS.names(), "GlobalAveragePooling"),
        (HEADS.names(), "LinearClsHead"),
        (LOSSES.names(), "CrossEntropyLoss"),
        (MODELS.names(), "ImageClassifier"),
    ] {
        assert!(
            registry.iter().any(|known| known == name),
            "{name} missing from {registry:?}"
        );
    }
    assert_eq!(BACKBONES.get("ResNet").unwrap().scope, "models");
}

#[test]
fn a_model_builds_from_a_config_naming_only_registered_types() {
    let config = json!({
        "type": "ImageClassifier",
        "backbone": {"type": "ResNet_CIFAR", "depth": 18},
        "neck": {"type": "GlobalAveragePooling"},
        "head": {"type": "LinearClsHead", "num_classes": 10, "in_channels": 512},
    });
    let model = MODELS.build(&config).unwrap();
    let images = registry_core::burn::tensor::Tensor::zeros([1, 3, 32, 32], &Default::default());
    assert_eq!(model.forward(images).dims(), [1, 10]);
}
