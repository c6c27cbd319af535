use registry_core::{BuildContext, KeyPath};
use serde_json::{Map, json};

use crate::things::{THINGS, describe};

#[test]
fn builds_the_entry_type_names_with_the_remaining_keys_as_its_config() {
    assert_eq!(
        describe(json!({"type": "Number", "value": 3, "unit": "s"})),
        "3s"
    );
}

#[test]
fn config_defaults_fill_missing_keys() {
    assert_eq!(describe(json!({"type": "Number", "value": 3})), "3m");
}

#[test]
fn aliases_build_the_same_entry() {
    assert_eq!(describe(json!({"type": "Num", "value": 1})), "1m");
    assert_eq!(describe(json!({"type": "N", "value": 2})), "2m");
}

#[test]
fn a_scoped_name_selects_the_registering_crate() {
    assert_eq!(
        describe(json!({"type": "registry.Number", "value": 4})),
        "4m"
    );
}

#[test]
fn nested_configs_build_through_the_registry_to_any_depth() {
    let mut config = json!({"type": "Number", "value": 0});
    for depth in 1..=20 {
        config = json!({"type": "Pair", "left": config, "right": {"type": "Num", "value": depth}});
    }
    let described = describe(config);
    assert!(
        described.starts_with("((((((((((((((((((((0m, 1m), 2m)"),
        "{described}"
    );
    assert!(described.ends_with(", 20m)"), "{described}");
}

#[test]
fn default_args_fill_keys_the_config_leaves_out_and_the_config_wins() {
    let defaults: Map<String, serde_json::Value> =
        serde_json::from_value(json!({"type": "Number", "value": 7, "unit": "kg"})).unwrap();
    let mut ctx = BuildContext::default();
    let thing = THINGS
        .build_with_defaults_in(&json!({"unit": "g"}), &defaults, &mut ctx)
        .unwrap();
    assert_eq!(thing.describe(), "7g");
}

#[test]
fn a_context_placed_in_a_larger_config_prefixes_error_paths() {
    let mut ctx = BuildContext::default().at(KeyPath::root().key("model").key("things").index(2));
    let error = THINGS
        .build_in(&json!({"type": "Number", "value": -1}), &mut ctx)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "model.things[2].value: expected a non-negative value, got -1 (in Number)"
    );
}

#[test]
fn a_child_registry_falls_back_to_its_parent() {
    use crate::things::LOCAL_THINGS;
    let local = LOCAL_THINGS.build(&json!({"type": "Local"})).unwrap();
    assert_eq!(local.describe(), "local");
    let inherited = LOCAL_THINGS
        .build(&json!({"type": "Number", "value": 5}))
        .unwrap();
    assert_eq!(inherited.describe(), "5m");
    assert!(THINGS.build(&json!({"type": "Local"})).is_err());
}
