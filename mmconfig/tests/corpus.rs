//! Every config of `tests/config/data/corpus` reads to the value mmengine 0.10.7 gave for it
//! (its `.expected.json`), and its Python dump reads back to the same value.

use std::path::{Path, PathBuf};

use mmconfig::{Config, ConfigFormat};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/config/data/corpus")
}

/// The corpus's configs (not its expected values, not `_base_` files).
fn configs() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && !path.to_string_lossy().ends_with(".expected.json"))
        .collect();
    found.sort();
    found
}

fn expected(path: &Path) -> Value {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let text = std::fs::read_to_string(corpus().join(format!("{stem}.expected.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_corpus_config_reads_as_mmengine_reads_it() {
    let configs = configs();
    assert!(
        configs.len() >= 26,
        "the corpus is missing: {}",
        configs.len()
    );
    for path in &configs {
        let config = Config::from_file(path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.value(), &expected(path), "{}", path.display());
    }
}

#[test]
fn python_dumps_of_the_corpus_read_back_equal() {
    for path in configs() {
        let config = Config::from_file(&path).unwrap();
        let text = config.dump(ConfigFormat::Python).unwrap();
        let again = Config::from_str(&text, ConfigFormat::Python)
            .unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()));
        assert_eq!(again.value(), config.value(), "{}", path.display());
    }
}

#[test]
fn cfg_options_apply_to_new_style_configs() {
    let mut config = Config::from_file(corpus().join("new_style.py")).unwrap();
    config
        .merge_options(["model.backbone.depth=18", "head.type=X"])
        .unwrap();
    assert_eq!(config.value()["model"]["backbone"]["depth"], 18);
    assert_eq!(
        config.value()["model"]["backbone"]["type"],
        "mmpretrain.models.ResNet"
    );
    assert_eq!(config.value()["head"]["type"], "X");
}

#[test]
fn constructs_outside_the_data_subset_are_refused_with_their_place() {
    let cases = [
        (
            "model = dict()\nx = model.update(a=1)\n",
            "2:5",
            "`.update()` as a value",
        ),
        (
            "model = 1\nmodel.update(a=1)\n",
            "2:1",
            "only a dict has it",
        ),
        (
            "from os import path\nx = path.join('a')\n",
            "2:5",
            "an attribute call",
        ),
        (
            "with read_base():\n    from .b import *\n",
            "2:5",
            "`read_base()` needs a config file",
        ),
        (
            "_base_ = 'a.py'\nfrom m import X\n",
            "1:10",
            "cannot also have `_base_`",
        ),
        (
            "for a in [1]:\n    for b in [2]:\n        x = 1\n",
            "2:5",
            "a block inside a `for` loop",
        ),
        (
            "for a in [1]: x = a\n",
            "1:15",
            "a `for` loop's body on its own line",
        ),
        (
            "d = dict()\nd.append(1)\n",
            "2:1",
            "a dict has no method `append()`",
        ),
        ("l = []\nx = l.append(1)\n", "2:5", "`.append()` as a value"),
        ("for a in 3:\n    x = a\n", "1:10", "an int is not iterable"),
        ("x = '{:>3}'.format(1)\n", "1:5", "the format field `{:>3}`"),
        (
            "x = '{} {}'.format(1)\n",
            "1:5",
            "`format()` has no value for `{}`",
        ),
        ("x = 'a}'.format()\n", "1:5", "a single `}`"),
        ("x = 'a{'.format()\n", "1:5", "a single `{`"),
        (
            "x = [1].format()\n",
            "1:5",
            "a list has no method `format()`",
        ),
    ];
    for (text, at, expected) in cases {
        let error = Config::from_str(text, ConfigFormat::Python)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(at) && error.contains(expected),
            "{text:?}: {error}"
        );
    }
}

#[test]
fn base_views_are_refused_where_mmengine_would_share_them() {
    let base = corpus().join("_base_/model.py");
    let cases = [
        (
            "model = _base_.model\nmodel.x = 1\ny = _base_.model\n",
            "4:5",
            "`_base_.model` after `model = _base_.model`",
        ),
        (
            "model = _base_.model\n_base_.model.x = 1\n",
            "3:1",
            "`_base_.model` after",
        ),
        (
            "y = _base_.model\nmodel = _base_.model\nmodel.x = 1\n",
            "4:1",
            "changing `model` in place",
        ),
        (
            "m = _base_.model\nm.x = 1\n",
            "3:1",
            "changing `m` in place",
        ),
    ];
    let dir = std::env::temp_dir().join(format!("mmconfig-views-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, (text, at, expected)) in cases.into_iter().enumerate() {
        let path = dir.join(format!("case{i}.py"));
        let header = format!("_base_ = [{:?}]\n", base.display().to_string());
        std::fs::write(&path, header + text).unwrap();
        let error = Config::from_file(&path).unwrap_err().to_string();
        assert!(
            error.contains(&format!("case{i}.py:{at}")) && error.contains(expected),
            "{text:?}: {error}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
