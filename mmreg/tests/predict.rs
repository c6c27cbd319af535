//! `mmreg predict` as a real process: JSON and table output in input order, `--show-dir`, and
//! bad input (an unreadable image among good ones, an empty folder, a checkpoint that does not
//! fit) reported naming the file, with exit code 1.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::{mmreg, workspace};

const CONFIG: &str = "inference/tests/data/tiny.py";
const CHECKPOINT: &str = "tests/weights/data/tiny_torchvision.pth";
const PHOTOS: &str = "inference/tests/data/photos";

/// `mmreg predict CONFIG … --checkpoint CHECKPOINT`, run from the workspace root.
fn predict() -> Command {
    let mut command = mmreg();
    command.args(["predict", CONFIG, "--checkpoint", CHECKPOINT]);
    command
}

#[test]
fn json_lists_every_image_in_input_order_with_its_topk() {
    let output = predict()
        .args([
            &format!("{PHOTOS}/rocket.png"),
            PHOTOS,
            "--json",
            "--topk",
            "3",
        ])
        .args(["--batch", "2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let results: Value = serde_json::from_slice(&output).expect("one JSON list");
    let paths: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["img_path"].as_str().unwrap())
        .collect();
    let expected = ["rocket", "astronaut", "chelsea", "coffee", "rocket"];
    assert_eq!(paths.len(), expected.len());
    for (path, name) in paths.iter().zip(expected) {
        assert!(path.ends_with(&format!("{name}.png")), "{path}");
    }
    let first = &results[0];
    assert_eq!(first["topk"].as_array().unwrap().len(), 3);
    assert_eq!(first["pred_label"], first["topk"][0]["label"]);
    assert_eq!(first["pred_class"], first["topk"][0]["class"]);
    assert!(first["pred_class"].is_string(), "CIFAR-10's names: {first}");
    // The same image gives the same classes and scores (to float precision: the convolution's
    // algorithm, Winograd or im2col, is chosen by the batch's size) in another batch.
    let (once, again) = (&results[0]["topk"], &results[4]["topk"]);
    for (a, b) in once
        .as_array()
        .unwrap()
        .iter()
        .zip(again.as_array().unwrap())
    {
        assert_eq!((&a["label"], &a["class"]), (&b["label"], &b["class"]));
        let (a, b) = (a["score"].as_f64().unwrap(), b["score"].as_f64().unwrap());
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
}

#[test]
fn a_table_by_default() {
    predict()
        .arg(format!("{PHOTOS}/chelsea.png"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Top-K (label score class)"))
        .stdout(predicate::str::contains("chelsea.png"));
}

#[test]
fn one_bad_image_is_reported_and_the_others_predicted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        workspace().join(PHOTOS).join("coffee.png"),
        dir.path().join("a.png"),
    )
    .unwrap();
    let bad = dir.path().join("b.jpg");
    std::fs::write(&bad, "not a JPEG").unwrap();
    let output = predict()
        .arg(dir.path())
        .arg("--json")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(bad.display().to_string()))
        .stderr(predicate::str::contains(
            "1 of 2 images could not be classified",
        ))
        .get_output()
        .stdout
        .clone();
    let results: Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 1);
}

#[test]
fn a_folder_without_images_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    predict()
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(dir.path().display().to_string()))
        .stderr(predicate::str::contains("has no images"));
}

#[test]
fn a_checkpoint_that_does_not_fit_is_an_error_naming_it() {
    mmreg()
        .args(["predict", "inference/tests/data/resnet18_in1k.py", PHOTOS])
        .args(["--checkpoint", CHECKPOINT])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "checkpoint {CHECKPOINT} does not fit the model"
        )));
}

#[test]
fn show_dir_writes_each_image_as_png() {
    let dir = tempfile::tempdir().unwrap();
    predict()
        .arg(PHOTOS)
        .arg("--show-dir")
        .arg(dir.path())
        .assert()
        .success();
    for name in ["astronaut", "chelsea", "coffee", "rocket"] {
        let written = dir.path().join(format!("{name}.png"));
        let original = workspace().join(PHOTOS).join(format!("{name}.png"));
        let (drawn, original) = (
            std::fs::read(&written).unwrap(),
            std::fs::read(original).unwrap(),
        );
        assert!(drawn.starts_with(b"\x89PNG"), "{}", written.display());
        assert_ne!(drawn, original);
    }
}
