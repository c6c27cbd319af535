//! The config readers on mutated real configs (`.py`, `.json`, `.yaml`, `.toml`, with their
//! `_base_` files in place), on token soup, and `--cfg-options` on whatever loads: always a
//! typed outcome, never a panic; a failed option leaves the config unchanged; a JSON dump reads
//! back to the same value.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mmconfig::{Config, ConfigFormat};
use proptest::prelude::*;

use crate::common::scratch;

/// A scratch copy of the shipped `configs/` tree and the reader test corpus, so that mutated
/// files sit beside the `_base_` files they name.
fn trees() -> &'static Path {
    static TREES: OnceLock<PathBuf> = OnceLock::new();
    TREES.get_or_init(|| {
        let dir = scratch().join("trees");
        let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&tests.join("../configs"), &dir.join("configs"));
        copy_tree(&tests.join("config/data/corpus"), &dir.join("corpus"));
        dir
    })
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every config file of the scratch tree, with its text.
fn seeds() -> &'static [(PathBuf, String)] {
    static SEEDS: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut found = Vec::new();
        collect(trees(), &mut found);
        found.sort();
        found
    })
}

fn collect(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, found);
        } else if ConfigFormat::from_path(&path).is_some() && !is_fuzzed(&path) {
            let text = std::fs::read_to_string(&path).unwrap();
            found.push((path, text));
        }
    }
}

/// Whether `path` is a file the fuzzers wrote.
fn is_fuzzed(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with("fuzzed_"))
}

/// Pieces of every format's syntax, inserted by the mutations.
const SNIPPETS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    "'",
    "\"",
    "\"\"\"",
    "#",
    "\\",
    "\n",
    " ",
    "\t",
    "dict(",
    "type=",
    "_base_",
    "_delete_=True",
    "{{_base_.model}}",
    "{{ _base_.x }}",
    "1",
    "-1",
    "1e999",
    "0x1F",
    "1_000",
    "3.5",
    ".5",
    "True",
    "None",
    "null",
    "nan",
    "inf",
    "~",
    "+",
    "-",
    "*",
    "**",
    "//",
    "%",
    "@",
    "lambda",
    "for x in",
    "if",
    "else",
    "import os",
    "from",
    "range(",
    "len(",
    "[i for i in range(10**9)]",
    "*args",
    "**kwargs",
    "x.y",
    "&anchor",
    "*anchor",
    "<<: *anchor",
    "!!python/object",
    "---",
    "- ",
    "? ",
    "|",
    ">",
    "[[table]]",
    "[table]",
    "key = ",
    "\"\"\"\n",
    "'''",
    "\u{0}",
    "é",
    "\u{FEFF}",
];

/// One change to a config's text.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, &'static str),
    Duplicate(prop::sample::Index, usize),
    Replace(prop::sample::Index, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        (at(), 1..40_usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (at(), prop::sample::select(SNIPPETS)).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (at(), 1..200_usize).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        (at(), any::<char>()).prop_map(|(at, c)| Mutation::Replace(at, c)),
    ]
}

/// `text` with `mutation` applied, at a character boundary.
fn mutate(text: &mut String, mutation: &Mutation) {
    let boundary = |at: &prop::sample::Index| {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        boundaries[at.index(boundaries.len())]
    };
    let end = |start: usize, len: usize| {
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        end
    };
    match mutation {
        Mutation::Delete(at, len) => {
            let start = boundary(at);
            text.replace_range(start..end(start, *len), "");
        }
        Mutation::Insert(at, snippet) => text.insert_str(boundary(at), snippet),
        Mutation::Duplicate(at, len) => {
            let start = boundary(at);
            let copy = text[start..end(start, *len)].to_owned();
            text.insert_str(start, &copy);
        }
        Mutation::Replace(at, c) => {
            let start = boundary(at);
            let stop = end(start, 1);
            text.replace_range(start..stop, &c.to_string());
        }
    }
}

/// Option keys and values: real paths, odd syntax.
fn option() -> impl Strategy<Value = String> {
    let key = prop::collection::vec(
        prop::sample::select(vec![
            "model",
            "backbone",
            "depth",
            "head",
            "topk",
            "0",
            "1",
            "[1]",
            "[0]",
            "_delete_",
            "type",
            "",
            "neck",
            "norm_cfg",
            "train_cfg",
            "x[",
            "a..b",
            "-1",
            "99999999999",
        ]),
        1..5,
    )
    .prop_map(|parts| parts.join("."));
    let value = prop::sample::select(vec![
        "1",
        "-3",
        "1.5",
        "1e999",
        "nan",
        "None",
        "True",
        "'x'",
        "\"y\"",
        "[1,2]",
        "(1,(2,3))",
        "[",
        "]]",
        "((",
        "[1,[2,[3]]]",
        "a=b",
        "",
        "dict(a=1)",
        "{'a': 1}",
        "0x10",
        "1_000",
        "[,]",
        "(,)",
        "[1,]",
        "'",
        "\\",
    ]);
    prop_oneof![
        5 => (key, value).prop_map(|(key, value)| format!("{key}={value}")),
        1 => "\\PC{0,30}",
    ]
}

/// Loads `path`; if it loads, applies `options` and dumps it.
fn check(path: &Path, options: &[String]) -> Result<(), TestCaseError> {
    let Ok(mut config) = Config::from_file(path) else {
        return Ok(());
    };
    let before = config.value().clone();
    if config.merge_options(options).is_err() {
        prop_assert_eq!(
            config.value(),
            &before,
            "a failed option changed the config"
        );
    }
    if let Ok(json) = config.dump(ConfigFormat::Json) {
        let reread = Config::from_str(&json, ConfigFormat::Json);
        match reread {
            Ok(reread) => prop_assert_eq!(reread.value(), config.value()),
            Err(error) => prop_assert!(false, "the JSON dump does not read back: {}", error),
        }
    }
    for format in [ConfigFormat::Python, ConfigFormat::Yaml, ConfigFormat::Toml] {
        let _ = config.dump(format);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn mutated_configs_load_or_fail_cleanly(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        options in prop::collection::vec(option(), 0..4),
    ) {
        let (path, text) = seed.get(seeds());
        let mut text = text.clone();
        for mutation in &mutations {
            mutate(&mut text, mutation);
        }
        let extension = path.extension().unwrap().to_str().unwrap();
        let fuzzed = path.with_file_name(format!("fuzzed_mutation.{extension}"));
        std::fs::write(&fuzzed, &text).unwrap();
        check(&fuzzed, &options)?;
    }

    #[test]
    fn token_soup_reads_or_fails_cleanly(
        tokens in prop::collection::vec(prop::sample::select(SNIPPETS), 0..60),
        format in prop::sample::select(vec!["py", "json", "yaml", "toml"]),
    ) {
        let fuzzed = trees().join("configs").join(format!("fuzzed_soup.{format}"));
        std::fs::write(&fuzzed, tokens.concat()).unwrap();
        check(&fuzzed, &[])?;
    }
}

#[test]
fn every_seed_loads() {
    assert!(seeds().len() > 40, "{} seeds", seeds().len());
    for (path, _) in seeds() {
        Config::from_file(path).unwrap_or_else(|error| panic!("{error}"));
    }
}
