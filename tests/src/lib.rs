//! Helpers shared by the integration tests.

use serde_json::{Value, json};

/// An mmpretrain classifier config: `backbone`, global average pooling, a linear head of
/// `classes` classes over `in_channels` channels.
pub fn classifier(backbone: Value, in_channels: usize, classes: usize) -> Value {
    json!({
        "type": "ImageClassifier",
        "backbone": backbone,
        "neck": {"type": "GlobalAveragePooling"},
        "head": {"type": "LinearClsHead", "num_classes": classes, "in_channels": in_channels},
    })
}

/// The narrow ResNet-18 of `tests/weights/data/make_checkpoints.py`, every stage out.
pub fn tiny_config() -> Value {
    classifier(
        json!({"type": "ResNet", "depth": 18, "stem_channels": 4, "base_channels": 4,
               "out_indices": [0, 1, 2, 3]}),
        32,
        10,
    )
}
