use serde_json::json;

use super::*;

fn read_with(text: &str, limits: &Limits) -> Result<serde_json::Value, String> {
    parse(text, Arc::from(Path::new("t.yaml")), limits)
        .map(|node| node.to_value())
        .map_err(|e| e.to_string())
}

fn read(text: &str) -> Result<serde_json::Value, String> {
    read_with(text, &Limits::default())
}

#[test]
fn resolves_scalars_with_the_core_schema() {
    let text =
        "a: [1, -2, 0x1f, 0o17, 1e-4, .5, 1., 2.5e3, true, False, ~, null, '', x, '1', yes, 1_0]\n";
    assert_eq!(
        read(text).unwrap(),
        json!({"a": [1, -2, 31, 15, 1e-4, 0.5, 1.0, 2500.0, true, false, null, null, "", "x", "1", "yes", "1_0"]})
    );
    assert_eq!(read("").unwrap(), json!({}));
}

#[test]
fn block_style_keeps_order_and_positions() {
    let text = "model:\n  type: ResNet\n  depth: 50\nlr: 0.1\n";
    let node = parse(text, Arc::from(Path::new("t.yaml")), &Limits::default()).unwrap();
    assert_eq!(
        node.to_value(),
        json!({"model": {"type": "ResNet", "depth": 50}, "lr": 0.1})
    );
    let path = crate::KeyPath::root().key("model").key("depth");
    assert_eq!(node.position(&path).unwrap().to_string(), "t.yaml:3:10");
}

#[test]
fn anchors_aliases_merge_keys_and_tuples() {
    let text = "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\ntuple: !!python/tuple [1, 2]\nforced: !!str 12\n";
    assert_eq!(
        read(text).unwrap(),
        json!({"base": {"x": 1, "y": 2}, "use": {"x": 1, "y": 2}, "merged": {"x": 1, "y": 3}, "tuple": [1, 2], "forced": "12"})
    );
}

#[test]
fn bare_base_reference_is_a_placeholder() {
    assert_eq!(
        read("a: {{_base_.model.head}}\nb: {{ _base_.x }}\n").unwrap(),
        json!({"a": "{{_base_.model.head}}", "b": "{{_base_.x}}"})
    );
}

#[test]
fn errors_name_the_position() {
    assert_eq!(
        read("a: !!python/object:os.system x").unwrap_err(),
        "t.yaml:1:4: the YAML tag `!!python/object:os.system` cannot be used in a config file (configs are read as data, never run)"
    );
    assert_eq!(
        read("a: [1, 2\n").unwrap_err().split(": ").next().unwrap(),
        "t.yaml:2:1"
    );
    assert_eq!(
        read("a: .inf").unwrap_err(),
        "t.yaml:1:4: `.inf` cannot be stored (infinite and NaN values are not supported)"
    );
    assert_eq!(
        read("a: 1\n---\nb: 2\n").unwrap_err(),
        "t.yaml:2:1: syntax error: a config must be a single YAML document"
    );
    assert_eq!(
        read("? [1]\n: 2\n").unwrap_err(),
        "t.yaml:1:3: a YAML mapping key that is not a scalar cannot be used in a config file (configs are read as data, never run)"
    );
}

#[test]
fn alias_bombs_hit_the_value_limit() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = i - 1;
        text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    let error = read(&text).unwrap_err();
    assert!(
        error.contains("the number of values exceeds the limit of 500000"),
        "{error}"
    );
}

#[test]
fn nesting_is_bounded() {
    let limits = Limits {
        max_depth: 20,
        ..Limits::default()
    };
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert_eq!(
        read_with(&deep, &limits).unwrap_err(),
        "t.yaml:1:21: nesting depth exceeds the limit of 20"
    );
    let mut block = String::new();
    for i in 0..100 {
        block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    assert!(
        read_with(&block, &limits)
            .unwrap_err()
            .contains("nesting depth exceeds the limit of 20")
    );
    let bombs = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(read(&bombs).unwrap_err().starts_with("t.yaml:1:"));
}
