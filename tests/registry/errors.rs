use registry_core::{BuildContext, BuildErrorKind, KeyPath};
use serde_json::json;

use crate::things::{THINGS, error};

#[test]
fn an_unknown_type_suggests_close_names_ignoring_case() {
    assert_eq!(
        error(json!({"type": "Numbr", "value": 1})),
        "type: `Numbr` is not registered in THINGS; did you mean `Number`?"
    );
    assert_eq!(
        error(json!({"type": "number", "value": 1})),
        "type: `number` is not registered in THINGS; did you mean `Number`?"
    );
}

#[test]
fn an_unknown_type_far_from_every_name_suggests_nothing() {
    assert_eq!(
        error(json!({"type": "Transformer"})),
        "type: `Transformer` is not registered in THINGS"
    );
}

#[test]
fn a_missing_or_non_string_type_is_reported() {
    assert_eq!(
        error(json!({"value": 1})),
        "<root>: missing `type`: name the THINGS entry to build"
    );
    assert_eq!(
        error(json!({"type": 3})),
        "type: `type` must be a string, found a number"
    );
    assert_eq!(
        error(json!([1, 2])),
        "<root>: expected a dict with a `type` key, found a list"
    );
}

#[test]
fn an_unknown_key_is_named_with_the_valid_ones() {
    assert_eq!(
        error(json!({"type": "Number", "value": 1, "units": "s"})),
        "units: unknown key `units`; valid keys: `value`, `unit` (in Number)"
    );
}

#[test]
fn type_errors_and_missing_fields_carry_their_key_path() {
    assert_eq!(
        error(json!({"type": "Number", "value": "one"})),
        "value: invalid type: string \"one\", expected i64 (in Number)"
    );
    assert_eq!(
        error(json!({"type": "Number"})),
        "<root>: missing field `value` (in Number)"
    );
}

#[test]
fn a_childs_failure_names_the_full_path_and_the_innermost_entry() {
    let config = json!({
        "type": "Pair",
        "left": {"type": "Number", "value": 1},
        "right": {"type": "Pair", "left": {"type": "Numbr", "value": 2}, "right": {"type": "N", "value": 3}},
    });
    let mut ctx = BuildContext::default().at(KeyPath::root().key("model"));
    let error = THINGS.build_in(&config, &mut ctx).unwrap_err();
    assert_eq!(error.path.to_string(), "model.right.left.type");
    assert_eq!(
        error.to_string(),
        "model.right.left.type: `Numbr` is not registered in THINGS; did you mean `Number`? (in Pair)"
    );
    let error = THINGS
        .build_in(
            &json!({"type": "Pair", "left": {"type": "N", "value": -5}, "right": {"type": "N", "value": 1}}),
            &mut ctx,
        )
        .unwrap_err();
    assert_eq!(error.path.to_string(), "model.left.value");
    assert_eq!(error.entry.as_deref(), Some("Number"));
}

#[test]
fn configs_nested_beyond_the_limit_fail_without_overflowing() {
    let mut config = json!({"type": "Number", "value": 0});
    for _ in 0..200 {
        config = json!({"type": "Pair", "left": config, "right": {"type": "N", "value": 1}});
    }
    let error = THINGS
        .build_in(&config, &mut BuildContext::default().with_max_depth(50))
        .unwrap_err();
    assert_eq!(error.kind, BuildErrorKind::TooDeep { limit: 50 });
    assert_eq!(error.path.segments().len(), 50);
}
