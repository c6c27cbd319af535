use serde_json::json;

use crate::things::THINGS;

#[test]
fn the_config_schema_has_one_alternative_per_entry_selected_by_type() {
    let schema = serde_json::to_value(THINGS.config_schema()).unwrap();
    assert_eq!(schema["$ref"], "#/$defs/THINGS");
    let alternatives = schema["$defs"]["THINGS"]["oneOf"].as_array().unwrap();
    let number = alternatives
        .iter()
        .find(|alternative| alternative["title"] == "Number")
        .unwrap();
    assert_eq!(
        number["properties"]["type"]["enum"],
        json!(["Number", "Num", "N", "registry.Number"])
    );
    assert_eq!(number["required"], json!(["type", "value"]));
    assert_eq!(number["description"], "A number, with a unit.");
    assert_eq!(number["properties"]["unit"]["default"], "m");
}

#[test]
fn fields_holding_nested_configs_point_at_their_registry() {
    let schema = serde_json::to_value(THINGS.config_schema()).unwrap();
    let pair = schema["$defs"]["THINGS"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|alternative| alternative["title"] == "Pair")
        .unwrap();
    assert_eq!(
        pair["properties"]["left"],
        json!({"$ref": "#/$defs/THINGS"})
    );
    assert_eq!(
        pair["properties"]["right"],
        json!({"$ref": "#/$defs/THINGS"})
    );
}

#[test]
fn registries_are_listed_by_name() {
    let names: Vec<&str> = registry_core::registries()
        .iter()
        .map(|r| r.name())
        .collect();
    for expected in ["BACKBONES", "LOCAL_THINGS", "MODELS", "THINGS"] {
        assert!(names.contains(&expected), "{names:?} lacks {expected}");
    }
    assert_eq!(registry_core::registry("things").unwrap().name(), "THINGS");
}
