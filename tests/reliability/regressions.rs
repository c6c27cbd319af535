//! Every failure the fuzzers found, kept as a plain test (with the fix it needed).

use mmconfig::{Config, ConfigFormat};
use serde_json::json;

use crate::common::{build_error_within, classifier};

/// Found by `config_fuzz`: `--cfg-options _delete_=None` stored a `_delete_` key as data, so
/// the JSON dump read back without it. Fixed: options refuse `_delete_` in their key.
#[test]
fn an_option_cannot_set_the_delete_directive() {
    let mut config = Config::from_str("model = dict(depth=50)", ConfigFormat::Python).unwrap();
    for option in ["_delete_=None", "model._delete_=True"] {
        let error = config.merge_options([option]).unwrap_err().to_string();
        assert!(error.contains("`_delete_` directs merges"), "{error}");
    }
    assert_eq!(config.value(), &json!({"model": {"depth": 50}}));
}

/// Found by `hostile`: a megabyte `type` took minutes in "did you mean" (an edit distance
/// against every registered name) and printed the megabyte back. Fixed: names whose length
/// alone puts them out of reach are skipped, and messages abbreviate long names.
#[test]
fn a_megabyte_type_name_is_answered_at_once() {
    let config = classifier(json!({"type": "ResNet".repeat(1_000_000)}), json!({}));
    let error = build_error_within(&config, 1);
    assert!(error.contains("… (6000000 bytes)"), "{error}");
}
