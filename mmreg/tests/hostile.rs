//! Hostile command lines, for every command: empty, huge, negative, malformed, non-UTF-8 and
//! nonexistent-path arguments get a clear message naming what was wrong and exit code 1 (or 2
//! for usage), never a panic (101), the internal-error guard (70) or a signal. Each case stops
//! before any training or large allocation, so the whole file runs in seconds.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
mod common;
use common::{SYNTHETIC, mmreg, workspace};

const PREDICT: &str = "inference/tests/data/tiny.py";
/// Reads Debian's Fashion-MNIST files (CI installs them).
const FASHION: &str = "configs/resnet/resnet18_cifar_fashion-mnist.py";

/// An argument that is not UTF-8.
fn not_utf8() -> OsString {
    OsString::from_vec(b"conf\xff\xfeig.py".to_vec())
}

/// Runs `args`; checks the exit code is `code`, stderr says `expected`, and no panic.
fn refuses(args: &[OsString], code: i32, expected: &str) {
    let output = mmreg().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown: Vec<_> = args.iter().map(|arg| arg.to_string_lossy()).collect();
    let shown: Vec<String> = shown
        .iter()
        .map(|arg| arg.chars().take(60).collect())
        .collect();
    assert_eq!(
        output.status.code(),
        Some(code),
        "mmreg {shown:?}\nstderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "mmreg {shown:?}: {stderr}"
    );
    assert!(
        stderr.contains(expected),
        "mmreg {shown:?}: expected `{expected}` in\n{stderr}"
    );
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn cases(cases: &[(&[&str], i32, &str)]) {
    for (args, code, expected) in cases {
        refuses(&os(args), *code, expected);
    }
}

#[test]
fn list_show_validate_and_dump_refuse_hostile_arguments() {
    // Near the system's limit on one argument (128 KiB).
    let huge = "x".repeat(100_000);
    cases(&[
        (&["list", ""], 1, "error: "),
        (&["list", &huge], 1, "error: "),
        (&["list", "backbones", "[[[["], 1, "error: "),
        (&["show", ""], 1, "error: "),
        (&["show", &huge], 1, "error: "),
        (&["show", "ResNet", "--registry", "-1"], 2, "'-1'"),
        (&["show", "ResNet", "--registry", "nope"], 1, "nope"),
        (&["validate", ""], 2, "<CONFIG>"),
        (
            &["validate", "/nonexistent/config.py"],
            1,
            "/nonexistent/config.py",
        ),
        (&["validate", "mmreg/tests"], 1, "mmreg/tests"),
        (&["validate", SYNTHETIC, "--cfg-options", ""], 1, "error: "),
        (&["validate", SYNTHETIC, "--cfg-options", "="], 1, "error: "),
        (
            &[
                "validate",
                SYNTHETIC,
                "--cfg-options",
                "model.backbone.depth=-1",
            ],
            1,
            "model.backbone.depth",
        ),
        (
            &[
                "validate",
                SYNTHETIC,
                "--cfg-options",
                "model.backbone.depth=99999999999999999999999",
            ],
            1,
            "model.backbone.depth",
        ),
        (
            &[
                "validate",
                SYNTHETIC,
                "--cfg-options",
                "model.head.num_classes=-4",
            ],
            1,
            "model.head.num_classes",
        ),
        (
            &["dump", "/nonexistent/config.py"],
            1,
            "/nonexistent/config.py",
        ),
        (&["dump", SYNTHETIC, "--format", "xml"], 2, "xml"),
    ]);
    refuses(&[OsString::from("validate"), not_utf8()], 1, "error: ");
    refuses(&[OsString::from("show"), not_utf8()], 2, "UTF-8");
}

#[test]
fn build_complexity_bench_and_forward_refuse_hostile_arguments() {
    cases(&[
        (&["build", SYNTHETIC, "--shape", "0,0,0"], 2, "--shape"),
        (&["build", SYNTHETIC, "--shape", "-1,16,16"], 2, "'-1'"),
        (
            &["build", SYNTHETIC, "--shape", "3,99999999999999999999,16"],
            2,
            "--shape",
        ),
        (&["build", SYNTHETIC, "--shape", "3,16,"], 2, "--shape"),
        (
            &["build", SYNTHETIC, "--shape", "3,65536,65536"],
            1,
            "--shape",
        ),
        (
            &["build", SYNTHETIC, "--depth", "18446744073709551616"],
            2,
            "--depth",
        ),
        (&["build", SYNTHETIC, "--device", "nope"], 1, "nope"),
        (
            &["complexity", SYNTHETIC, "--shape", "3,0,16"],
            2,
            "--shape",
        ),
        (
            &["complexity", SYNTHETIC, "--shape", "1,16,16"],
            1,
            "--shape",
        ),
        (&["bench", SYNTHETIC, "--batch", "0"], 2, "--batch"),
        (&["bench", SYNTHETIC, "--iters", "-5"], 2, "'-5'"),
        (&["bench", SYNTHETIC, "--iters=-5"], 2, "--iters"),
        (&["bench", SYNTHETIC, "--threads", "0"], 2, "--threads"),
        (
            &["bench", SYNTHETIC, "--warmup", "4294967296"],
            2,
            "--warmup",
        ),
        (
            &["bench", SYNTHETIC, "--warmup", "4294967295"],
            2,
            "--warmup",
        ),
        (
            &[
                "forward",
                SYNTHETIC,
                "--input",
                "/nonexistent.npy",
                "--output",
                "o.npy",
                "--features",
                "--cfg-options",
                "model.backbone.out_indices=[9223372036854775807]",
            ],
            1,
            "model.backbone.out_indices",
        ),
        (
            &[
                "forward",
                SYNTHETIC,
                "--input",
                "/nonexistent.npy",
                "--output",
                "o.npy",
                "--features",
                "--cfg-options",
                "model.backbone.out_indices=[-1]",
                "model.backbone.num_stages=-9223372036854775808",
            ],
            1,
            "model.backbone.num_stages",
        ),
        (
            &[
                "bench",
                SYNTHETIC,
                "--batch",
                "4096",
                "--shape",
                "3,4096,4096",
            ],
            1,
            "--shape",
        ),
        (
            &[
                "forward",
                SYNTHETIC,
                "--input",
                "/nonexistent.npy",
                "--output",
                "o.npy",
            ],
            1,
            "/nonexistent.npy",
        ),
        (
            &[
                "forward",
                SYNTHETIC,
                "--input",
                "mmreg/tests",
                "--output",
                "o.npy",
            ],
            1,
            "mmreg/tests",
        ),
        (
            &[
                "forward", SYNTHETIC, "--input", SYNTHETIC, "--output", "o.npy",
            ],
            1,
            SYNTHETIC,
        ),
    ]);
}

#[test]
fn train_test_browse_and_predict_refuse_hostile_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    let work = work.to_str().unwrap();
    let garbage = dir.path().join("garbage.bpk");
    std::fs::write(&garbage, b"\x00\x01not a checkpoint").unwrap();
    let garbage = garbage.to_str().unwrap();
    // The tiny config with a test split, for `test`.
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap())
            .unwrap();
    config["test_dataloader"] = config["val_dataloader"].clone();
    config["test_evaluator"] = config["val_evaluator"].clone();
    let tested = dir.path().join("tested.json");
    std::fs::write(&tested, config.to_string()).unwrap();
    let tested = tested.to_str().unwrap();
    let train = |option: &str| -> Vec<String> {
        [
            "train",
            SYNTHETIC,
            "--work-dir",
            work,
            "--cfg-options",
            option,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let owned: Vec<(Vec<String>, i32, &str)> = vec![
        (train("train_cfg.max_epochs=-1"), 1, "train_cfg.max_epochs"),
        (
            train("train_cfg.max_epochs=1e30"),
            1,
            "train_cfg.max_epochs",
        ),
        (
            train("train_cfg.max_epochs=18446744073709551615"),
            1,
            "train_cfg.max_epochs",
        ),
        (
            train("train_dataloader.batch_size=0"),
            1,
            "train_dataloader.batch_size",
        ),
        (
            train("train_dataloader.batch_size=18446744073709551615"),
            1,
            "train_dataloader.batch_size",
        ),
        (
            train("train_dataloader.num_workers=-2"),
            1,
            "train_dataloader.num_workers",
        ),
        (
            train(
                "param_scheduler=[dict(type='LinearLR',begin=0,end=18446744073709551615,by_epoch=True)]",
            ),
            1,
            "param_scheduler",
        ),
        (
            train("default_hooks.logger.interval=-1"),
            1,
            "default_hooks.logger.interval",
        ),
        (
            train("default_hooks.checkpoint.max_keep_ckpts=0"),
            1,
            "default_hooks.checkpoint.max_keep_ckpts",
        ),
    ];
    for (args, code, expected) in &owned {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cases(&[(&args, *code, expected)]);
    }
    cases(&[
        (
            &["train", SYNTHETIC, "--work-dir", "/dev/null/w"],
            1,
            "/dev/null/w",
        ),
        (
            &["train", SYNTHETIC, "--work-dir", work, "--devices", ""],
            1,
            "error: ",
        ),
        (
            &[
                "train",
                SYNTHETIC,
                "--work-dir",
                work,
                "--devices",
                "nope,flex",
            ],
            1,
            "nope",
        ),
        (
            &["train", SYNTHETIC, "--work-dir", work, "--resume"],
            1,
            "last_checkpoint",
        ),
        (
            &["test", SYNTHETIC, "/nonexistent.bpk"],
            1,
            "test_dataloader: missing",
        ),
        (&["test", tested, "/nonexistent.bpk"], 1, "/nonexistent.bpk"),
        (&["test", tested, garbage], 1, "garbage.bpk"),
        (&["test", tested, ""], 2, "<CHECKPOINT>"),
        (
            &["test", tested, garbage, "--out", "/dev/null/p.json"],
            1,
            "error: ",
        ),
        (
            &["browse-dataset", FASHION, "--count", "0", "--out", work],
            2,
            "--count",
        ),
        (
            &["browse-dataset", FASHION, "--split", "nope", "--out", work],
            2,
            "nope",
        ),
        (
            &[
                "browse-dataset",
                FASHION,
                "--count",
                "1",
                "--out",
                "/dev/null/x",
            ],
            1,
            "/dev/null/x",
        ),
        (
            &["browse-dataset", SYNTHETIC, "--out", work],
            1,
            "train_dataloader.dataset.type",
        ),
        (
            &["predict", PREDICT, "/nonexistent.png"],
            1,
            "/nonexistent.png",
        ),
        (
            &["predict", PREDICT, "/nonexistent.png", "--topk", "0"],
            2,
            "--topk",
        ),
        (
            &["predict", PREDICT, "/nonexistent.png", "--batch=-1"],
            2,
            "--batch",
        ),
        (
            &[
                "predict",
                PREDICT,
                "inference/tests/data/photos",
                "--checkpoint",
                "",
            ],
            1,
            "error: ",
        ),
        (
            &[
                "predict",
                PREDICT,
                "inference/tests/data/photos",
                "--checkpoint",
                garbage,
            ],
            1,
            "garbage.bpk",
        ),
    ]);
    refuses(
        &[
            OsString::from("predict"),
            OsString::from(PREDICT),
            not_utf8(),
        ],
        1,
        "error: ",
    );
}

/// The guard itself (debug builds only): a panic is reported as an internal error, exit 70.
#[test]
#[cfg(debug_assertions)]
fn the_guard_reports_an_internal_error_with_its_own_exit_code() {
    let output = assert_cmd::cargo::cargo_bin_cmd!("mmreg")
        .env("MMREG_INTERNAL_ERROR_TEST", "1")
        .env_remove("RUST_BACKTRACE")
        .args(["list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(70), "{stderr}");
    assert!(
        stderr.starts_with("internal error: MMREG_INTERNAL_ERROR_TEST is set")
            && stderr.contains("please report it at")
            && stderr.contains("RUST_BACKTRACE=1"),
        "{stderr}"
    );
}

/// The leaf key paths of `value` (object keys and list indices), as JSON pointers.
fn leaves(value: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                leaves(child, format!("{path}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                leaves(child, format!("{path}/{index}"), out);
            }
        }
        _ => out.push(path),
    }
}

/// Every leaf of the tiny model config replaced by each hostile value, built and run forward by
/// `mmreg build`: exit 0 or 1, never the internal-error guard, a panic or a signal.
#[test]
fn no_mutation_of_a_config_reaches_the_guard() {
    let dir = tempfile::tempdir().unwrap();
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap())
            .unwrap();
    let mut paths = Vec::new();
    leaves(&config["model"], "/model".to_owned(), &mut paths);
    assert!(paths.len() > 10, "{paths:?}");
    let hostile = [
        serde_json::json!(null),
        serde_json::json!(-1),
        serde_json::json!(0),
        serde_json::json!(1),
        serde_json::json!(3),
        serde_json::json!(1e300),
        serde_json::json!(u64::MAX),
        serde_json::json!("x"),
        serde_json::json!([]),
    ];
    let file = dir.path().join("mutant.json");
    let (mut built, mut refused) = (0, 0);
    for path in &paths {
        for value in &hostile {
            let mut mutant = config.clone();
            *mutant.pointer_mut(path).unwrap() = value.clone();
            std::fs::write(&file, mutant.to_string()).unwrap();
            let output = mmreg()
                .args(["build", file.to_str().unwrap(), "--shape", "3,16,16"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => built += 1,
                Some(1) if stderr.starts_with("error: ") => refused += 1,
                code => panic!("{path} = {value}: exit {code:?}\n{stderr}"),
            }
        }
    }
    eprintln!(
        "{} mutants: {built} built and ran, {refused} refused",
        paths.len() * hostile.len()
    );
    assert!(built > 0 && refused > 0, "built {built}, refused {refused}");
}

/// Values that are allowed but extreme run without overflow: `accumulative_counts` near
/// `u64::MAX` on two devices (the loss divisor is devices × counts).
#[test]
fn extreme_accumulation_on_two_devices_trains_without_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    let output = mmreg()
        .args([
            "train",
            SYNTHETIC,
            "--work-dir",
            work.to_str().unwrap(),
            "--devices",
            "flex,flex",
        ])
        .args([
            "--cfg-options",
            "optim_wrapper.accumulative_counts=18446744073709551615",
        ])
        .args(["train_cfg.max_epochs=1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
