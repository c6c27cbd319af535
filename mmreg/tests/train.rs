//! `mmreg train`: a small ResNet_CIFAR learns the synthetic textures through burn-train's
//! Learner, its checkpoint loads into a freshly built model, the config keys it cannot follow
//! are reported, and bad input is an error (exit code 1), never a panic.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use registry_core::burn::module::Module;
use registry_core::burn::tensor::{Device, Tensor};
use registry_core::{MODELS, Model};
use serde_json::Value;

registry_core::link!(models);

/// ResNet_CIFAR-18 with 8 base channels, 4 classes; SGD with clipping, a warm-up and
/// CIFAR's multi-step schedule, and keys `mmreg train` cannot follow.
const CONFIG: &str = "tests/data/resnet_cifar_tiny.json";

fn mmreg() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("mmreg")
}

/// `mmreg train CONFIG` on 16×16 images, into `work_dir`, with `extra` arguments.
fn train(work_dir: &Path, extra: &[&str]) -> Command {
    let mut command = mmreg();
    command
        .args([
            "train",
            CONFIG,
            "--shape",
            "3,16,16",
            "--val-size",
            "16",
            "--work-dir",
        ])
        .arg(work_dir)
        .args(extra);
    command
}

fn model_config() -> Value {
    let text = std::fs::read_to_string(CONFIG).unwrap();
    let config: Value = serde_json::from_str(&text).unwrap();
    config["model"].clone()
}

#[test]
fn the_loss_falls_and_the_checkpoint_loads_into_a_fresh_model() {
    let dir = tempfile::tempdir().unwrap();
    let output = train(dir.path(), &["--steps", "50", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();

    // Exactly one JSON object on stdout.
    let summary: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|error| panic!("stdout is not one JSON object ({error}): {stdout}"));
    let first = summary["first_loss"].as_f64().unwrap();
    let last = summary["last_loss"].as_f64().unwrap();
    eprintln!("loss {first:.4} -> {last:.4}; {summary}");
    assert_eq!(summary["steps"], 50);
    // From about ln(4) = 1.39 to a small fraction of it.
    assert!(first > 1.0, "first loss {first}");
    assert!(
        last < 0.25 * first,
        "the loss did not fall by far: {first} -> {last}"
    );
    assert!(
        summary["val_accuracy"].as_f64().unwrap() >= 75.0,
        "{summary}"
    );

    // The keys the run cannot follow, on stderr and in the summary.
    for key in [
        "optim_wrapper.paramwise_cfg",
        "train_dataloader",
        "train_cfg",
    ] {
        assert!(
            stderr.contains(&format!("  {key}: ")),
            "{key} not reported:\n{stderr}"
        );
    }
    let not_honoured = summary["not_honoured"].as_array().unwrap();
    assert!(not_honoured.contains(&Value::from("optim_wrapper.paramwise_cfg")));
    // The progress display falls back to log lines when stderr is not a terminal.
    assert!(stderr.contains("Epoch(train) [1][50/50]"), "{stderr}");
    assert!(stderr.contains("Epoch(val) [1]  accuracy: "), "{stderr}");

    // The checkpoint loads into a model built afresh from the config, and changes its outputs.
    let checkpoint = PathBuf::from(summary["checkpoint"].as_str().unwrap());
    assert_eq!(checkpoint, dir.path().join("iter_50.bpk"));
    let fresh = MODELS.build(&model_config()).unwrap();
    let trained = fresh
        .clone()
        .try_load_file(&checkpoint)
        .unwrap_or_else(|error| panic!("{} does not load: {error}", checkpoint.display()));
    let images = Tensor::<4>::ones([1, 3, 16, 16], &Device::flex());
    let logits = |model: Box<dyn Model>| model.valid().forward(images.clone()).into_data();
    assert_ne!(logits(fresh), logits(trained));
    // burn-train's own checkpoint of the epoch, and mmengine's pointer to the last one.
    assert!(dir.path().join("checkpoint/model-1.bpk").exists());
    let last = std::fs::read_to_string(dir.path().join("last_checkpoint")).unwrap();
    assert_eq!(PathBuf::from(last), checkpoint);
}

#[test]
fn several_devices_train_through_the_multi_device_strategy() {
    let dir = tempfile::tempdir().unwrap();
    train(
        dir.path(),
        &[
            "--steps",
            "6",
            "--epochs",
            "2",
            "--batch",
            "8",
            "--devices",
            "flex,flex",
        ],
    )
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "trained 6 steps (2 epoch(s)) on 2 device(s)",
    ))
    .stdout(predicate::str::contains("checkpoint: "))
    .stderr(predicate::str::contains(
        "2 epoch(s) × 3 steps × 8 images × 2 device(s)",
    ))
    .stderr(predicate::str::contains("Epoch(val) [2]"));
    assert!(dir.path().join("checkpoint/model-2.bpk").exists());
    assert!(dir.path().join("iter_6.bpk").exists());
}

/// `mmreg train` with `args` fails with exit code 1 and a message containing `message`.
fn fails(args: &[&str], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    mmreg()
        .args(["train", CONFIG, "--work-dir"])
        .arg(dir.path())
        .args(args)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    fails(&["--steps", "0"], "error: --steps must be at least 1");
    fails(
        &["--batch", "0"],
        "error: the batch size must be at least 1",
    );
    fails(
        &["--steps", "5", "--epochs", "2"],
        "--steps (5) must be a multiple of --epochs (2)",
    );
    fails(
        &["--device", "tpu"],
        "error: unknown device `tpu`; this build supports: flex",
    );
    fails(
        &["--cfg-options", "model.head=None"],
        "model.head: the classifier has no head",
    );
    fails(
        &["--cfg-options", "optim_wrapper.optimizer.type=RMSprop"],
        "optim_wrapper.optimizer.type: optimizer `RMSprop` is not supported; supported: SGD, \
         Adam, AdamW",
    );
    fails(
        &["--cfg-options", "param_scheduler.1.type=WarmupLR"],
        "param_scheduler[1].type: unknown scheduler `WarmupLR`",
    );
    fails(
        &["--shape", "1,16,16"],
        "error: the model cannot take 1×16×16 images",
    );
    fails(
        &["--cfg-options", "model.backbone.depth=19"],
        "model.backbone.depth",
    );
}

#[test]
fn a_missing_config_is_an_error() {
    mmreg()
        .args(["train", "tests/data/no-such-config.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/data/no-such-config.json` does not exist",
        ));
}
