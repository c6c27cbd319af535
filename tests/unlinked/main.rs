//! The failure `link!` prevents: this binary depends on `models` (a dev-dependency of this
//! crate) but neither names it nor links it, so `models` is not linked and none of its
//! registrations run. The registry says so, and points at `link!`.

use registry_core::BACKBONES;
use serde_json::json;

#[test]
fn registrations_of_a_crate_the_binary_never_names_are_absent() {
    assert!(BACKBONES.is_empty(), "{:?}", BACKBONES.names());
    let error = BACKBONES
        .build(&json!({"type": "ResNet", "depth": 50}))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "type: `ResNet` is not registered in BACKBONES, which is empty: link the crate that \
         registers it with `registry_core::link!(that_crate);`"
    );
}
