//! Every config of the errors corpus fails with the message its `.error` file gives.

use mmconfig::Config;

use crate::common::{data, files, relative};

#[test]
fn errors_corpus_reports_file_line_column_and_key() {
    let dir = data("errors");
    let expectations = files(&dir, &["error"]);
    assert!(expectations.len() >= 25, "{}", expectations.len());
    for expectation in expectations {
        let stem = expectation.file_stem().unwrap().to_str().unwrap();
        let config = files(&dir, &["py", "json", "yaml", "yml", "toml"])
            .into_iter()
            .find(|p| p.file_stem().unwrap() == stem)
            .unwrap_or_else(|| panic!("no config for {}", expectation.display()));
        let expected = std::fs::read_to_string(&expectation).unwrap();
        let error = match Config::from_file(&config) {
            Ok(_) => panic!("{} loaded without error", config.display()),
            Err(error) => relative(&error.to_string()),
        };
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                error.contains(line),
                "{stem}:\n  message:  {error}\n  expected: {line}"
            );
        }
    }
}

#[test]
fn errors_expose_their_parts() {
    let error = Config::from_file(data("errors/merge_conflict.py")).unwrap_err();
    assert_eq!(
        error.key_path().map(ToString::to_string).as_deref(),
        Some("model.backbone.depth")
    );
    let location = error.position().unwrap();
    assert_eq!((location.line, location.column), (4, 15));
    assert!(error.include_chain().is_empty());

    let error = Config::from_file(data("errors/nested_bad.py")).unwrap_err();
    let chain: Vec<String> = error
        .include_chain()
        .iter()
        .map(|l| relative(&l.to_string()))
        .collect();
    assert_eq!(
        chain,
        ["errors/_base_/middle.py:1:11", "errors/nested_bad.py:1:11"]
    );
}

#[test]
fn a_missing_top_level_file_names_it() {
    let error = Config::from_file(data("errors/nope.py")).unwrap_err();
    assert_eq!(
        relative(&error.to_string()),
        "config file `errors/nope.py` does not exist"
    );
    let error = Config::from_file(data("errors/import.error")).unwrap_err();
    assert!(
        relative(&error.to_string()).starts_with("cannot tell the format of `errors/import.error`")
    );
}
