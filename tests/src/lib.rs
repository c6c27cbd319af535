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

/// The shared torchvision fixtures (`../shared/fixtures` beside the repository): `None`, with
/// the reason printed, where they are absent (a user's clone). Under `CI=true` they must be
/// there: a missing fixture fails the test instead of letting it pass unchecked.
pub fn shared_fixtures() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures");
    if dir.join("resnet18.pth").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the shared fixtures are missing: {} has no resnet18.pth",
        dir.display()
    );
    eprintln!("skipped: ../shared/fixtures (torchvision reference outputs) is absent");
    None
}
