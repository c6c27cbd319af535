//! `--cfg-options` overrides.

use mmconfig::Config;
use serde_json::json;

use crate::common::{data, key, relative};

fn resnet50() -> Config {
    Config::from_file(data("configs/resnet/resnet50_8xb32_in1k.py")).unwrap()
}

#[test]
fn overrides_like_mmengine() {
    let mut config = resnet50();
    config
        .merge_options([
            "model.backbone.depth=101",
            "model.head.topk=[1,5]",
            "optim_wrapper.optimizer.lr=0.01",
            "flag=true",
            "train_pipeline.1.scale=256",
            "val_evaluator.topk=(1,)",
            "model.neck=None",
            "work_dir='./work_dirs/r101'",
            "param_scheduler.milestones=30,60",
            "custom.nested.value=1e-4",
        ])
        .unwrap();
    let get = |path: &str| config.get(&key(path)).cloned();
    assert_eq!(get("model.backbone.depth"), Some(json!(101)));
    assert_eq!(get("model.backbone.style"), Some(json!("pytorch")));
    assert_eq!(get("model.head.topk"), Some(json!([1, 5])));
    assert_eq!(get("optim_wrapper.optimizer.lr"), Some(json!(0.01)));
    assert_eq!(get("optim_wrapper.optimizer.momentum"), Some(json!(0.9)));
    assert_eq!(get("flag"), Some(json!(true)));
    assert_eq!(
        get("train_pipeline[1]"),
        Some(json!({"type": "RandomResizedCrop", "scale": 256}))
    );
    assert_eq!(get("val_evaluator.topk"), Some(json!([1])));
    assert_eq!(get("model.neck"), Some(json!(null)));
    assert_eq!(get("work_dir"), Some(json!("./work_dirs/r101")));
    assert_eq!(get("param_scheduler.milestones"), Some(json!([30, 60])));
    assert_eq!(get("custom"), Some(json!({"nested": {"value": 0.0001}})));
}

#[test]
fn list_items_by_index() {
    let mut config = resnet50();
    config
        .merge_options([
            "model.head.topk.1=3",
            "model.head.topk[0]=2",
            "train_pipeline[2].prob=0.25",
        ])
        .unwrap();
    assert_eq!(config.get(&key("model.head.topk")), Some(&json!([2, 3])));
    assert_eq!(
        config.get(&key("train_pipeline[2].prob")),
        Some(&json!(0.25))
    );
}

#[test]
fn a_numeric_key_names_a_dict_key_when_the_value_is_a_dict() {
    let mut config = Config::from_value(json!({"classes": {"0": "cat"}})).unwrap();
    config
        .merge_options(["classes.0=dog", "classes.1=bird"])
        .unwrap();
    assert_eq!(
        config.value(),
        &json!({"classes": {"0": "dog", "1": "bird"}})
    );
}

#[test]
fn errors_name_the_option_and_key_path() {
    let cases = [
        (
            "model.head.topk.5=1",
            "--cfg-options:1:1: model.head.topk: option `model.head.topk.5=1`: index 5 is out of range for a list of 2 items",
        ),
        (
            "model.head.topk[2]=1",
            "--cfg-options:1:1: model.head.topk: option `model.head.topk[2]=1`: index 2 is out of range for a list of 2 items",
        ),
        (
            "model.type.name=X",
            "--cfg-options:1:1: model.type: option `model.type.name=X`: it is a string, so nothing can be set inside it",
        ),
        (
            "model.head.topk.name=1",
            "--cfg-options:1:1: model.head.topk: option `model.head.topk.name=1`: it is a list, which has no key `name`",
        ),
        (
            "model[0]=1",
            "--cfg-options:1:1: model: option `model[0]=1`: it is a dict, which has no index [0]",
        ),
        (
            "model.backbone.depth",
            "--cfg-options:1:1: option `model.backbone.depth`: expected `key=value`",
        ),
        (
            "a..b=1",
            "--cfg-options:1:1: option `a..b=1`: `a..b` is not a valid key path",
        ),
        (
            "x=[1,(2]",
            "--cfg-options:1:3: option `x=[1,(2]`: brackets are not balanced in `[1,(2]`",
        ),
        (
            "seed=99999999999999999999",
            "--cfg-options:1:6: option `seed=99999999999999999999`: integer `99999999999999999999` does not fit 64 bits",
        ),
    ];
    for (option, expected) in cases {
        let mut config = resnet50();
        let before = config.value().clone();
        let error = config
            .merge_options(["model.backbone.depth=18", option])
            .unwrap_err();
        let expected = expected.replace("--cfg-options:1:", "--cfg-options:2:");
        assert_eq!(relative(&error.to_string()), expected);
        assert_eq!(
            config.value(),
            &before,
            "a failed merge leaves the config unchanged"
        );
    }
}
