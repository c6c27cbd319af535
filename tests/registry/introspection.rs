use serde_json::json;

use crate::things::THINGS;

#[test]
fn contains_resolves_names_aliases_and_scoped_names() {
    assert!(THINGS.contains("Number"));
    assert!(THINGS.contains("Num"));
    assert!(THINGS.contains("registry.Number"));
    assert!(!THINGS.contains("Numbr"));
    assert!(!THINGS.contains("other.Number"));
}

#[test]
fn get_returns_the_entry_metadata() {
    let entry = THINGS.get("N").unwrap();
    assert_eq!(entry.name, "Number");
    assert_eq!(entry.aliases, ["Num", "N"]);
    assert_eq!(entry.scope, "registry");
    assert_eq!(entry.type_path, "registry::things::Number");
    assert_eq!(entry.doc, "A number, with a unit.");
    assert!(entry.location.file.ends_with("tests/registry/things.rs"));
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/registry/things.rs"))
            .unwrap();
    let line = source
        .lines()
        .nth(entry.location.line as usize - 1)
        .unwrap();
    assert_eq!(line, "pub struct Number {");
    assert!(!entry.force);
}

#[test]
fn names_are_sorted_and_len_counts_this_registry_only() {
    let names = THINGS.names();
    assert!(names.windows(2).all(|pair| pair[0] <= pair[1]), "{names:?}");
    assert!(names.contains(&"Number".to_owned()) && names.contains(&"Pair".to_owned()));
    assert!(
        !names.contains(&"Local".to_owned()),
        "Local is in the child registry"
    );
    assert_eq!(crate::things::LOCAL_THINGS.len(), 1);
    assert!(THINGS.len() >= 2);
}

#[test]
fn list_matches_globs_on_names_and_aliases_ignoring_case() {
    let names = |pattern: &str| -> Vec<String> {
        THINGS
            .list(pattern)
            .unwrap()
            .into_iter()
            .map(|entry| entry.name.to_string())
            .collect()
    };
    assert_eq!(names("num*"), ["Number"]);
    assert_eq!(names("P?ir"), ["Pair"]);
    assert!(names("zzz*").is_empty());
    assert!(THINGS.list("[").is_err());
}

#[test]
fn the_schema_of_an_entry_lists_its_keys_and_defaults() {
    let schema = THINGS.schema("Number").unwrap();
    let schema = serde_json::to_value(&schema).unwrap();
    assert_eq!(schema["properties"]["unit"]["default"], json!("m"));
    assert_eq!(schema["required"], json!(["value"]));
    let pair = serde_json::to_value(THINGS.schema("Pair").unwrap()).unwrap();
    assert_eq!(pair["properties"]["left"]["x-registry"], json!("THINGS"));
}

#[test]
fn display_lists_each_entry_on_a_line() {
    let shown = THINGS.to_string();
    assert!(shown.starts_with("Registry of THINGS ("), "{shown}");
    let number_row = shown.lines().find(|line| line.contains("Number")).unwrap();
    for cell in [
        "Num, N",
        "registry",
        "registry::things::Number",
        "tests/registry/things.rs:",
    ] {
        assert!(number_row.contains(cell), "{number_row} lacks {cell}");
    }
}
