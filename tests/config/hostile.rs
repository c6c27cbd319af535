//! Hostile input ends in a clear error, quickly: no hang, stack overflow or panic.

use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use mmconfig::{Config, ConfigError, ConfigFormat, Limits};

/// Runs `load`, checks it took less than a few seconds, and returns its error message.
fn fails_quickly(load: impl FnOnce() -> Result<Config, ConfigError>) -> String {
    let start = Instant::now();
    let result = load();
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    match result {
        Ok(_) => panic!("hostile input loaded"),
        Err(error) => error.to_string(),
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn ten_thousand_nested_brackets_in_every_format() {
    let open = "[".repeat(10_000);
    let close = "]".repeat(10_000);
    let cases = [
        (
            format!("x = {open}{close}\n"),
            ConfigFormat::Python,
            "<string>:1:205: bracket nesting depth exceeds the limit of 200",
        ),
        (
            format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000)),
            ConfigFormat::Python,
            "<string>:1:205: bracket nesting depth exceeds the limit of 200",
        ),
        (
            format!("x = {}1\n", "-".repeat(10_000)),
            ConfigFormat::Python,
            "<string>:1:205: expression nesting depth exceeds the limit of 200",
        ),
        (
            format!("x = 1{}\n", " + 1".repeat(10_000)),
            ConfigFormat::Python,
            "<string>:1:805: expression nesting depth exceeds the limit of 200",
        ),
        (
            format!("{{\"x\": {open}{close}}}"),
            ConfigFormat::Json,
            "<string>:1:206: nesting depth exceeds the limit of 200",
        ),
        (
            format!("x: {open}{close}\n"),
            ConfigFormat::Yaml,
            "<string>:1:",
        ),
        (
            format!("x = {open}{close}\n"),
            ConfigFormat::Toml,
            "<string>:1:205: nesting depth exceeds the limit of 200",
        ),
    ];
    for (text, format, expected) in cases {
        let error = fails_quickly(|| Config::from_str(&text, format));
        assert!(error.starts_with(expected), "{format}: {error}");
    }
    let mut block = String::new();
    for i in 0..2_000 {
        let _ = writeln!(block, "{}k{i}:", " ".repeat(i));
    }
    let error = fails_quickly(|| Config::from_str(&block, ConfigFormat::Yaml));
    assert!(
        error.contains("nesting depth exceeds the limit of 200"),
        "{error}"
    );
}

#[test]
fn nesting_up_to_the_limit_still_loads() {
    let depth = 198;
    let text = format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let config = Config::from_str(&text, ConfigFormat::Python).unwrap();
    let json = config.dump(ConfigFormat::Json).unwrap();
    assert_eq!(
        Config::from_str(&json, ConfigFormat::Json).unwrap().value(),
        config.value()
    );
    let deep_expression = format!("x = {}1{}\n", "(-".repeat(95), ")".repeat(95));
    assert_eq!(
        Config::from_str(&deep_expression, ConfigFormat::Python)
            .unwrap()
            .value()["x"],
        serde_json::json!(-1)
    );
}

#[test]
fn huge_files_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x = 1\n".repeat(1_500_000);
    write(dir.path(), "big.py", &big);
    let error = fails_quickly(|| Config::from_file(dir.path().join("big.py")));
    assert!(
        error.ends_with("big.py:1:1: file size in bytes exceeds the limit of 8388608"),
        "{error}"
    );
    let error = fails_quickly(|| Config::from_str(&big, ConfigFormat::Python));
    assert_eq!(error, "text size in bytes exceeds the limit of 8388608");
}

#[test]
fn very_long_strings_are_refused() {
    let long = "a".repeat(2 * 1024 * 1024);
    let cases = [
        (format!("x = '{long}'\n"), ConfigFormat::Python),
        (
            format!("x = 'a' '{}' '{}'\n", &long[..700_000], &long[..700_000]),
            ConfigFormat::Python,
        ),
        (format!("{{\"x\": \"{long}\"}}"), ConfigFormat::Json),
        (format!("x: {long}\n"), ConfigFormat::Yaml),
        (format!("x = \"{long}\"\n"), ConfigFormat::Toml),
    ];
    for (text, format) in cases {
        let error = fails_quickly(|| Config::from_str(&text, format));
        assert!(
            error.contains("string length exceeds the limit of 1048576"),
            "{format}: {error}"
        );
    }
}

#[test]
fn references_that_double_a_value_hit_the_value_limit() {
    let mut text = String::from("a0 = [0, 0, 0, 0, 0, 0, 0, 0]\n");
    for i in 1..40 {
        let p = i - 1;
        let _ = writeln!(
            text,
            "a{i} = [a{p}, a{p}, a{p}, a{p}, a{p}, a{p}, a{p}, a{p}]"
        );
    }
    let error = fails_quickly(|| Config::from_str(&text, ConfigFormat::Python));
    assert!(
        error.contains("the number of values exceeds the limit of 500000"),
        "{error}"
    );
    let comprehension = "a = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\nb = [a for x in a]\nc = [b for x in b]\nd = [c for x in c]\ne = [d for x in d]\nf = [e for x in e]\ng = [f for x in f]\n";
    let error = fails_quickly(|| Config::from_str(comprehension, ConfigFormat::Python));
    assert!(
        error.contains("the number of values exceeds the limit of 500000"),
        "{error}"
    );
}

#[test]
fn large_flat_inputs_hit_the_value_limit() {
    let zeros = vec!["0"; 600_000].join(",");
    let cases = [
        (format!("{{\"x\": [{zeros}]}}"), ConfigFormat::Json),
        (format!("x: [{zeros}]\n"), ConfigFormat::Yaml),
        (format!("x = [{zeros}]\n"), ConfigFormat::Toml),
        (format!("x = [{zeros}]\n"), ConfigFormat::Python),
    ];
    for (text, format) in cases {
        let error = fails_quickly(|| Config::from_str(&text, format));
        assert!(
            error.contains("the number of values exceeds the limit of 500000"),
            "{format}: {error}"
        );
    }
}

#[test]
fn a_large_valid_file_loads_in_bounded_time() {
    let mut text = String::new();
    for i in 0..80_000 {
        let _ = writeln!(text, "key_{i} = dict(value={i}, name='item', items=[1, 2])");
    }
    assert!(text.len() > 4_000_000);
    let start = Instant::now();
    let config = Config::from_str(&text, ConfigFormat::Python).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(config.value().as_object().unwrap().len(), 80_000);
}

#[test]
fn yaml_alias_bombs_hit_the_value_limit() {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        let _ = writeln!(
            text,
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        );
    }
    let error = fails_quickly(|| Config::from_str(&text, ConfigFormat::Yaml));
    assert!(
        error.contains("the number of values exceeds the limit of 500000"),
        "{error}"
    );
}

/// `l0` includes `l1` twice, which includes `l2` twice, … : 2^40 includes without memory of
/// what was loaded.
fn include_bomb(dir: &Path, levels: usize, leaf: &str) {
    for i in 0..levels {
        let next = i + 1;
        write(
            dir,
            &format!("l{i}.py"),
            &format!("_base_ = ['./l{next}.py', './l{next}.py']\n"),
        );
    }
    write(dir, &format!("l{levels}.py"), leaf);
}

#[test]
fn include_bombs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    include_bomb(dir.path(), 40, "# nothing here\n");
    let start = Instant::now();
    let config = Config::from_file(dir.path().join("l0.py")).unwrap();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(config.value(), &serde_json::json!({}));

    let limits = Limits {
        max_includes: 50,
        ..Limits::default()
    };
    let error = fails_quickly(|| Config::from_file_with_limits(dir.path().join("l0.py"), &limits));
    assert!(
        error.contains("the number of `_base_` includes exceeds the limit of 50"),
        "{error}"
    );

    let dir = tempfile::tempdir().unwrap();
    include_bomb(dir.path(), 40, "model = dict(type='X')\n");
    let error = fails_quickly(|| Config::from_file(dir.path().join("l0.py")));
    let shown = error.replace(&format!("{}/", dir.path().display()), "");
    assert_eq!(
        shown,
        "l39.py:1:23: model: key `model` is defined by two `_base_` files, `l40.py` (at l40.py:1:9) and `l40.py`; \
         duplicate keys are not allowed among bases (included from l38.py:1:11 <- l37.py:1:11 <- l36.py:1:11 <- \
         l35.py:1:11 <- l34.py:1:11 <- l33.py:1:11 <- l32.py:1:11 <- l31.py:1:11 <- l30.py:1:11 <- l29.py:1:11 <- \
         l28.py:1:11 <- l27.py:1:11 <- l26.py:1:11 <- l25.py:1:11 <- l24.py:1:11 <- l23.py:1:11 <- l22.py:1:11 <- \
         l21.py:1:11 <- l20.py:1:11 <- l19.py:1:11 <- l18.py:1:11 <- l17.py:1:11 <- l16.py:1:11 <- l15.py:1:11 <- \
         l14.py:1:11 <- l13.py:1:11 <- l12.py:1:11 <- l11.py:1:11 <- l10.py:1:11 <- l9.py:1:11 <- l8.py:1:11 <- \
         l7.py:1:11 <- l6.py:1:11 <- l5.py:1:11 <- l4.py:1:11 <- l3.py:1:11 <- l2.py:1:11 <- l1.py:1:11 <- l0.py:1:11)"
    );
}

#[test]
fn long_include_chains_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        write(
            dir.path(),
            &format!("c{i}.yaml"),
            &format!("_base_: c{}.yaml\nk{i}: {i}\n", i + 1),
        );
    }
    write(dir.path(), "c1000.yaml", "end: true\n");
    let error = fails_quickly(|| Config::from_file(dir.path().join("c0.yaml")));
    assert!(
        error.contains("c63.yaml:1:9: the depth of `_base_` includes exceeds the limit of 64"),
        "{error}"
    );
}

#[test]
fn token_and_value_limits_can_be_lowered() {
    let limits = Limits {
        max_tokens: 10,
        ..Limits::default()
    };
    let error = fails_quickly(|| {
        Config::from_str_with_limits("x = [1, 2, 3, 4, 5, 6]\n", ConfigFormat::Python, &limits)
    });
    assert_eq!(
        error,
        "<string>:1:16: the number of tokens exceeds the limit of 10"
    );
    let limits = Limits {
        max_values: 5,
        ..Limits::default()
    };
    let error = fails_quickly(|| {
        Config::from_str_with_limits("x = [1, 2, 3, 4, 5, 6]\n", ConfigFormat::Python, &limits)
    });
    assert_eq!(
        error,
        "<string>:1:21: the number of values exceeds the limit of 5"
    );
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let error = fails_quickly(|| {
        Config::from_str_with_limits(
            "a = [1]\nb = [a]\nc = [b]\nd = [c]\n",
            ConfigFormat::Python,
            &limits,
        )
    });
    assert_eq!(
        error,
        "<string>:3:5: value nesting depth exceeds the limit of 3"
    );
}

#[test]
fn hostile_options_are_bounded() {
    let mut config = Config::from_value(serde_json::json!({"a": 1})).unwrap();
    let deep = format!("x={}{}", "[".repeat(10_000), "]".repeat(10_000));
    let error = config
        .merge_options([deep.as_str()])
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("brackets nest deeper than the limit of 200"),
        "{}",
        &error[error.len() - 80..]
    );
    let long_key = format!("{}=1", vec!["k"; 10_000].join("."));
    let error = config
        .merge_options([long_key.as_str()])
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "--cfg-options:1:1: key path length exceeds the limit of 200"
    );
    assert_eq!(config.value(), &serde_json::json!({"a": 1}));
}
