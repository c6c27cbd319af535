//! Every `mmreg` command run as a real process on the shipped configs: output, exit codes
//! (0 ok, 1 error, 2 usage) and error messages.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::{mmreg, workspace};

const RESNET50: &str = "configs/resnet/resnet50_8xb32_in1k.py";
const RESNET18_CIFAR: &str = "configs/resnet/resnet18_8xb16_cifar10.py";

/// The one JSON object a `--json` command printed.
fn json_output(command: &mut Command) -> Value {
    let output = command.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&output).expect("stdout is one JSON value")
}

#[test]
fn list_shows_a_registry_as_a_table_with_locations() {
    mmreg()
        .args(["list", "backbones"])
        .assert()
        .success()
        .stdout(predicate::str::contains("BACKBONES (7 entries)"))
        .stdout(predicate::str::contains(
            "models::backbones::resnet::ResNet",
        ))
        .stdout(predicate::str::contains("models/src/backbones/resnet.rs:"));
}

#[test]
fn list_filters_by_glob_and_prints_json() {
    let listed = json_output(mmreg().args(["list", "BACKBONES", "resnet*", "--json"]));
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ResNet", "ResNetV1c", "ResNetV1d", "ResNet_CIFAR"]);
    assert_eq!(listed[0]["registry"], "BACKBONES");
    assert_eq!(listed[0]["scope"], "models");
}

#[test]
fn list_of_an_unknown_registry_fails_naming_the_registries() {
    mmreg()
        .args(["list", "backbone"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no registry `backbone`; registries: ACTIVATIONS, BACKBONES",
        ));
}

#[test]
fn usage_errors_exit_with_2() {
    mmreg().args(["list", "--bogus"]).assert().code(2);
    mmreg()
        .args(["bench", RESNET50, "--shape", "3,224"])
        .assert()
        .code(2);
    mmreg().assert().code(2);
}

#[test]
fn show_lists_every_argument_with_type_and_default() {
    mmreg()
        .args(["show", "LinearClsHead"])
        .assert()
        .success()
        .stdout(predicate::str::contains("registry:  HEADS"))
        .stdout(predicate::str::contains("num_classes"))
        .stdout(predicate::str::contains("config of LOSSES"))
        .stdout(predicate::str::contains("(required)"));
}

#[test]
fn show_schema_prints_the_json_schema() {
    let schema = json_output(mmreg().args(["show", "ResNet", "--schema"]));
    assert_eq!(schema["required"], serde_json::json!(["depth"]));
    assert_eq!(schema["properties"]["num_stages"]["default"], 4);
}

#[test]
fn show_of_an_unknown_name_fails() {
    mmreg()
        .args(["show", "ResNett"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`ResNett` is not registered in any registry",
        ));
}

#[test]
fn validate_accepts_a_shipped_config() {
    mmreg()
        .args(["validate", RESNET50])
        .assert()
        .success()
        .stdout(predicate::str::contains("the model config is valid"));
}

#[test]
fn validate_reports_every_error_with_its_source_position() {
    mmreg()
        .args(["validate", RESNET50, "--cfg-options", "model.backbone.depth=51", "model.head.num_clases=3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2 errors in the config:"))
        .stderr(predicate::str::contains(
            "model.backbone.depth: invalid depth 51 for ResNet; expected one of 18, 34, 50, 101, 152",
        ))
        .stderr(predicate::str::contains("at --cfg-options:1:22"))
        .stderr(predicate::str::contains("model.head.num_clases: unknown key `num_clases`"));
}

#[test]
fn a_typo_in_a_type_name_suggests_the_right_one() {
    mmreg()
        .args(["validate", RESNET50, "--cfg-options", "model.backbone.type=ResNett"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "model.backbone.type: `ResNett` is not registered in BACKBONES; did you mean one of `ResNet`, `ResNeXt`?",
        ));
}

#[test]
fn a_missing_config_file_fails_clearly() {
    mmreg()
        .args(["validate", "configs/resnet/nope.py"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("nope.py").and(predicate::str::contains("does not exist")),
        );
}

#[test]
fn dump_prints_the_merged_config_in_each_format() {
    let dumped = json_output(mmreg().args([
        "dump",
        RESNET50,
        "--cfg-options",
        "model.backbone.depth=101",
    ]));
    assert_eq!(dumped["model"]["backbone"]["depth"], 101);
    assert_eq!(dumped["model"]["head"]["topk"], serde_json::json!([1, 5]));
    for (format, marker) in [("yaml", "depth: 50"), ("py", "depth=50")] {
        mmreg()
            .args(["dump", RESNET50, "--format", format])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker));
    }
    mmreg()
        .args([
            "dump",
            "configs/_base_/models/resnet50.py",
            "--format",
            "toml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("model.backbone.depth = 50"));
}

#[test]
fn dump_to_toml_names_the_value_toml_cannot_hold() {
    mmreg()
        .args(["dump", RESNET50, "--format", "toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "load_from: cannot write TOML: TOML has no null",
        ));
}

#[test]
fn build_prints_the_module_tree_and_a_forward_timing() {
    mmreg()
        .args(["build", RESNET50])
        .assert()
        .success()
        .stdout(predicate::str::contains("ImageClassifier"))
        .stdout(predicate::str::contains("backbone.layer4"))
        .stdout(predicate::str::contains("parameters: 25.56 M (25557032)"))
        .stdout(predicate::str::contains(
            "forward of one 3×224×224 image on flex:",
        ));
}

#[test]
fn complexity_of_resnet50_matches_mmpretrains_model_zoo() {
    let counted = json_output(mmreg().args(["complexity", RESNET50, "--json"]));
    assert_eq!(counted["params"], 25_557_032);
    let flops = counted["flops"].as_f64().unwrap();
    assert!((flops / 4.12e9 - 1.0).abs() < 0.01, "{flops} FLOPs");
    // fvcore (mmengine's counter) on torchvision's resnet50 at 224²: 4,111,512,576.
    assert_eq!(counted["flops"], 4_111_512_576_u64);
    let first = &counted["layers"][0];
    assert_eq!(first["module"], "backbone.conv1");
    assert_eq!(first["operation"], "conv2d");
    assert_eq!(first["flops"], 118_013_952);
}

#[test]
fn bench_reports_median_throughput_as_json() {
    let report = json_output(mmreg().args([
        "bench",
        RESNET18_CIFAR,
        "--shape",
        "3,32,32",
        "--batch",
        "2",
        "--iters",
        "3",
        "--warmup",
        "1",
        "--threads",
        "1",
        "--json",
    ]));
    assert_eq!(report["batch"], 2);
    assert_eq!(report["threads"], 1);
    let median = report["ms_per_batch_median"].as_f64().unwrap();
    let images_per_sec = report["images_per_sec"].as_f64().unwrap();
    assert!(median > 0.0);
    assert!((images_per_sec - 2.0 / (median / 1e3)).abs() < 1e-6 * images_per_sec);
}

/// The shared torchvision fixtures (`../shared/fixtures`): `None`, with the reason printed,
/// where they are absent (a user's clone); under `CI=true` their absence fails the test.
fn fixtures() -> Option<PathBuf> {
    let dir = workspace().join("../shared/fixtures");
    if dir.join("resnet18.pth").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the shared fixtures are missing: {} has no resnet18.pth",
        dir.display()
    );
    eprintln!("skipped: ../shared/fixtures (torchvision reference outputs) is absent");
    None
}

/// A float32 `.npy` file's values.
fn npy_values(path: &std::path::Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    let npy = npyz::NpyFile::new(&bytes[..]).unwrap();
    npy.into_vec::<f32>().unwrap()
}

#[test]
fn forward_with_torchvision_weights_writes_torchvisions_logits_and_stages() {
    let Some(fixtures) = fixtures() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("logits.npy");
    mmreg()
        .args([
            "forward",
            "configs/resnet/resnet18_8xb32_in1k.py",
            "--features",
            "--checkpoint",
        ])
        .arg(fixtures.join("resnet18.pth"))
        .arg("--input")
        .arg(fixtures.join("resnet18_input.npy"))
        .arg("--output")
        .arg(&output)
        .assert()
        .success();
    let compare = |ours: &std::path::Path, theirs: &str| {
        let (ours, theirs) = (npy_values(ours), npy_values(&fixtures.join(theirs)));
        assert_eq!(ours.len(), theirs.len(), "{theirs:?}");
        let error = ours
            .iter()
            .zip(&theirs)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(error <= 1e-4, "max abs error {error} against {theirs:?}");
    };
    compare(&output, "resnet18_logits.npy");
    for stage in 1..=4 {
        compare(
            &out.path().join(format!("logits.stage{stage}.npy")),
            &format!("resnet18_layer{stage}.npy"),
        );
    }
}

#[test]
fn forward_of_a_missing_input_fails_clearly() {
    mmreg()
        .args([
            "forward",
            RESNET18_CIFAR,
            "--input",
            "nope.npy",
            "--output",
            "out.npy",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read nope.npy"));
}

#[cfg(not(any(feature = "vulkan", feature = "cuda", feature = "remote")))]
#[test]
fn a_gpu_device_this_build_lacks_is_an_error_naming_its_feature() {
    mmreg()
        .args(["build", RESNET18_CIFAR, "--device", "vulkan:0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: device `vulkan:0` needs the `vulkan` cargo feature, which this build lacks; \
             rebuild with `--features vulkan` (this build has: flex)",
        ));
    mmreg()
        .args(["train", RESNET18_CIFAR, "--devices", "flex,cuda:1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "device `cuda:1` needs the `cuda` cargo feature",
        ));
    mmreg()
        .args(["bench", RESNET18_CIFAR, "--device", "gpu"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown device `gpu`; expected one of",
        ));
}

#[cfg(not(feature = "remote"))]
#[test]
fn remote_devices_and_serve_without_the_feature_are_errors_naming_it() {
    mmreg()
        .args([
            "train",
            RESNET18_CIFAR,
            "--devices",
            "ws://127.0.0.1:3000,flex",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "device `ws://127.0.0.1:3000` needs the `remote` cargo feature",
        ));
    mmreg()
        .args(["serve", "--port", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`mmreg serve` needs the `remote` cargo feature, which this build lacks",
        ));
}
