//! Every value knows the file, line and column it came from.

use std::path::Path;

use mmconfig::Config;

use crate::common::{data, key, relative};

/// `file:line:column` of the first `needle` on line `line` of `file` (relative to the test
/// data root), counting from 1.
fn at(file: &str, line: usize, needle: &str) -> String {
    let text = std::fs::read_to_string(data(file)).unwrap();
    let content = text.lines().nth(line - 1).unwrap();
    let column = content
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not on {file}:{line}"));
    format!("{file}:{line}:{}", content[..column].chars().count() + 1)
}

fn location(config: &Config, path: &str) -> String {
    let found = config
        .position(&key(path))
        .unwrap_or_else(|| panic!("no location for {path}"));
    relative(&found.to_string())
}

fn load(file: &str) -> Config {
    Config::from_file(data(file)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn values_point_into_the_base_file_that_wrote_them() {
    let config = load("configs/resnet/resnet50_8xb32_in1k.py");
    let model = "configs/_base_/models/resnet50.py";
    assert_eq!(
        location(&config, "model.backbone.depth"),
        at(model, 6, "50")
    );
    assert_eq!(location(&config, "model.head.topk[1]"), at(model, 16, "5)"));
    assert_eq!(location(&config, "model.head"), at(model, 11, "dict("));
    let schedule = "configs/_base_/schedules/imagenet_bs256.py";
    assert_eq!(
        location(&config, "optim_wrapper.optimizer.lr"),
        at(schedule, 3, "0.1")
    );
    let runtime = "configs/_base_/default_runtime.py";
    assert_eq!(location(&config, "load_from"), at(runtime, 45, "None"));
}

#[test]
fn variable_references_keep_the_place_of_the_referenced_value() {
    let config = load("configs/resnet/resnet50_8xb32_in1k.py");
    let dataset = "configs/_base_/datasets/imagenet_bs32.py";
    assert_eq!(
        location(&config, "train_dataloader.dataset.pipeline"),
        at(dataset, 12, "[")
    );
    assert_eq!(
        location(&config, "train_dataloader.dataset.pipeline[1].scale"),
        at(dataset, 14, "224")
    );
    assert_eq!(
        location(&config, "test_dataloader.batch_size"),
        at(dataset, 38, "32")
    );
    assert_eq!(
        location(&config, "train_dataloader.dataset.type"),
        at(dataset, 2, "'ImageNet'")
    );
}

#[test]
fn child_overrides_point_into_the_child() {
    let config = load("configs/resnet/resnet50_8xb256-rsb-a1-600e_in1k.py");
    let child = "configs/resnet/resnet50_8xb256-rsb-a1-600e_in1k.py";
    assert_eq!(location(&config, "model"), at(child, 9, "dict("));
    assert_eq!(
        location(&config, "model.backbone.drop_path_rate"),
        at(child, 12, "0.05")
    );
    assert_eq!(
        location(&config, "model.backbone.depth"),
        at("configs/_base_/models/resnet50.py", 6, "50")
    );
    assert_eq!(
        location(&config, "optim_wrapper.optimizer.weight_decay"),
        at(child, 32, "0.01")
    );
    assert_eq!(
        location(&config, "optim_wrapper.optimizer.lr"),
        at(
            "configs/_base_/schedules/imagenet_bs2048_rsb.py",
            2,
            "0.005"
        )
    );
    let dataset = "configs/_base_/datasets/imagenet_bs256_rsb_a12.py";
    assert_eq!(
        location(&config, "train_pipeline[3].hparams.pad_val"),
        at(dataset, 32, "[round")
    );
    assert_eq!(
        location(&config, "train_pipeline[3].hparams.pad_val[2]"),
        at(dataset, 32, "round(")
    );
    assert_eq!(location(&config, "bgr_mean[0]"), at(dataset, 6, "103.53"));

    let deleted = load("configs/resnet/resnet50_8xb32-lbs-delete_in1k.py");
    let child = "configs/resnet/resnet50_8xb32-lbs-delete_in1k.py";
    assert_eq!(
        location(&deleted, "model.head.loss.type"),
        at(child, 8, "'LabelSmoothLoss'")
    );
    assert_eq!(
        location(&deleted, "model.head.num_classes"),
        at("configs/_base_/models/resnet50.py", 13, "1000")
    );
}

#[test]
fn data_formats_and_base_references_are_located() {
    let yaml = load("corpus/child_yaml.yaml");
    assert_eq!(
        location(&yaml, "model.backbone.depth"),
        at("corpus/child_yaml.yaml", 4, "152")
    );
    assert_eq!(
        location(&yaml, "checkpoint.by_epoch"),
        at("corpus/child_yaml.yaml", 9, "true")
    );
    let base = "corpus/_base_/model.py";
    assert_eq!(
        location(&yaml, "loss_copy.type"),
        at(base, 7, "'CrossEntropyLoss'")
    );
    assert_eq!(
        location(&yaml, "model.backbone.style"),
        at(base, 3, "'pytorch'")
    );

    let toml = load("corpus/child_toml.toml");
    assert_eq!(
        location(&toml, "model.backbone.depth"),
        at("corpus/child_toml.toml", 5, "18")
    );
    assert_eq!(
        location(&toml, "optim_wrapper.optimizer.momentum"),
        at("corpus/_base_/schedule.json", 2, "0.9")
    );

    let json = load("corpus/child_json.json");
    assert_eq!(
        location(&json, "model.head.num_classes"),
        at("corpus/child_json.json", 3, "7")
    );
    assert_eq!(
        location(&json, "log_level"),
        at("corpus/_base_/runtime.yaml", 2, "INFO")
    );
}

#[test]
fn options_get_a_pseudo_source() {
    let mut config = load("configs/resnet/resnet50_8xb32_in1k.py");
    config
        .merge_options([
            "model.backbone.depth=101",
            "model.head.topk.1=3",
            "new.key=[1,2]",
        ])
        .unwrap();
    assert_eq!(
        location(&config, "model.backbone.depth"),
        "--cfg-options:1:22"
    );
    assert_eq!(
        location(&config, "model.head.topk[1]"),
        "--cfg-options:2:19"
    );
    assert_eq!(
        location(&config, "model.head.topk[0]"),
        at("configs/_base_/models/resnet50.py", 16, "1,")
    );
    assert_eq!(location(&config, "new"), "--cfg-options:3:9");
    assert_eq!(location(&config, "new.key[1]"), "--cfg-options:3:9");
}

#[test]
fn unknown_paths_have_no_location_and_the_filename_is_kept() {
    let config = load("corpus/inherit.py");
    assert_eq!(config.position(&key("model.nope")), None);
    assert_eq!(config.position(&key("norm_mean[9]")), None);
    assert_eq!(config.filename(), Some(data("corpus/inherit.py").as_path()));
    assert!(Path::new(&location(&config, "model")).starts_with("corpus/inherit.py:3:9"));
}
