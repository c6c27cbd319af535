use registry_core::{BuildContext, KeyPath};
use serde_json::json;

use crate::things::THINGS;

/// Every error `validate` finds in `config`, displayed, in order.
fn errors(config: serde_json::Value) -> Vec<String> {
    let mut ctx = BuildContext::default().at(KeyPath::root().key("model"));
    match THINGS.validate_in(&config, &mut ctx) {
        Ok(()) => Vec::new(),
        Err(error) => error.flatten().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_valid_config_validates() {
    let config = json!({"type": "Pair", "left": {"type": "N", "value": 1}, "right": {"type": "N", "value": 2}});
    assert_eq!(errors(config), Vec::<String>::new());
}

#[test]
fn validation_reports_every_error_in_every_nested_config_at_once() {
    let config = json!({
        "type": "Pair",
        "left": {"type": "Numbr", "value": 1},
        "right": {
            "type": "Pair",
            "left": {"type": "N", "value": 1, "units": "s", "scale": 2},
            "right": {"type": "N", "value": -3},
        },
    });
    assert_eq!(
        errors(config),
        [
            "model.left.type: `Numbr` is not registered in THINGS; did you mean `Number`?",
            "model.right.left.units: unknown key `units`; valid keys: `value`, `unit` (in Number)",
            "model.right.left.scale: unknown key `scale`; valid keys: `value`, `unit` (in Number)",
            "model.right.right.value: expected a non-negative value, got -3 (in Number)",
        ]
    );
}

#[test]
fn a_parent_with_broken_children_is_not_built_again() {
    let config = json!({"type": "Pair", "left": {"type": "N"}, "right": {"type": "N", "value": 1}});
    assert_eq!(
        errors(config),
        ["model.left: missing field `value` (in Number)"]
    );
}

#[test]
fn the_whole_config_error_lists_its_members() {
    let config = json!({"type": "Pair", "left": {"type": "X"}, "right": {"type": "Y"}});
    let error = THINGS.validate(&config).unwrap_err();
    let shown = error.to_string();
    assert!(shown.starts_with("2 errors:\n"), "{shown}");
    assert!(
        shown.contains("  left.type: `X` is not registered"),
        "{shown}"
    );
    assert!(
        shown.contains("  right.type: `Y` is not registered"),
        "{shown}"
    );
}
