//! Paths of the test data, the reference numbers and the shared fixtures.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `inference/tests/data`.
pub fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The four photos, sorted.
pub fn photos() -> Vec<PathBuf> {
    ["astronaut", "chelsea", "coffee", "rocket"]
        .map(|name| data().join(format!("photos/{name}.png")))
        .to_vec()
}

/// The narrow torchvision-structured ResNet-18 of the repository's test data.
pub fn tiny_checkpoint() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/weights/data/tiny_torchvision.pth");
    path.to_str().unwrap().to_owned()
}

/// `reference.json`: torchvision's top-5 per checkpoint and photo.
pub fn reference() -> Value {
    let text = std::fs::read_to_string(data().join("reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The shared torchvision ResNet-18 (`../shared/fixtures/resnet18.pth`): `None`, with the
/// reason printed, where it is absent (a user's clone); under `CI=true` its absence fails.
pub fn shared_resnet18() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/resnet18.pth");
    if path.is_file() {
        return Some(path.to_str().unwrap().to_owned());
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the shared fixture {} is missing",
        path.display()
    );
    eprintln!("skipped: ../shared/fixtures/resnet18.pth (torchvision's ResNet-18) is absent");
    None
}
