//! Inputs the model cannot take are errors naming the argument or file, with exit code 1 —
//! never a panic (101) or an abort on allocation.

use std::path::PathBuf;

use npyz::WriterBuilder;
use predicates::prelude::*;

mod common;
use common::mmreg;

const CIFAR: &str = "configs/resnet/resnet18_8xb16_cifar10.py";

/// Runs `args` and expects exit code 1 with `message` on stderr.
fn refused(args: &[&str], message: &str) {
    mmreg()
        .args(args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message));
}

#[test]
fn a_shape_with_other_channels_than_the_backbone_takes_is_refused() {
    let expected = "expected images of 3 channels (the backbone's in_channels), got";
    refused(
        &["build", CIFAR, "--shape", "1,64,64"],
        &format!("--shape 1,64,64: {expected} 1"),
    );
    refused(
        &[
            "bench", CIFAR, "--shape", "2,32,32", "--iters", "1", "--warmup", "0",
        ],
        &format!("--batch 1 --shape 2,32,32: {expected} 2"),
    );
    refused(
        &["complexity", CIFAR, "--shape", "4,32,32"],
        &format!("--shape 4,32,32: {expected} 4"),
    );
}

#[test]
fn a_shape_whose_feature_maps_exceed_the_size_limit_is_refused_before_allocating() {
    refused(
        &["build", CIFAR, "--shape", "3,65536,65536"],
        "--shape 3,65536,65536: a batch of [1, 3, 65536, 65536] makes tensors of up to",
    );
}

#[test]
fn a_classifier_without_neck_and_head_cannot_classify() {
    refused(
        &[
            "build",
            CIFAR,
            "--cfg-options",
            "model.head=None",
            "model.neck=None",
        ],
        "this ImageClassifier has no neck (nor head)",
    );
}

#[test]
fn a_classifier_without_head_cannot_train() {
    refused(
        &[
            "bench",
            CIFAR,
            "--train",
            "--shape",
            "3,32,32",
            "--iters",
            "1",
            "--warmup",
            "0",
            "--cfg-options",
            "model.head=None",
        ],
        "--train: this ImageClassifier has no head",
    );
}

/// An `.npy` header with this shape (and no data).
fn npy_header(shape: &str) -> Vec<u8> {
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}");
    header.push_str(&" ".repeat(63 - (10 + header.len()) % 64));
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    bytes
}

#[test]
fn an_npy_whose_shape_overflows_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("huge.npy");
    std::fs::write(&input, npy_header("(1, 3, 4000000000, 4000000000)")).unwrap();
    refused(
        &[
            "forward",
            CIFAR,
            "--input",
            input.to_str().unwrap(),
            "--output",
            dir.path().join("out.npy").to_str().unwrap(),
        ],
        &format!(
            "{}: the shape [1, 3, 4000000000, 4000000000] has more elements",
            input.display()
        ),
    );
}

#[test]
fn a_one_channel_npy_for_an_rgb_model_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let input: PathBuf = dir.path().join("grey.npy");
    let mut bytes = Vec::new();
    {
        let mut writer = npyz::WriteOptions::<f32>::new()
            .default_dtype()
            .shape(&[1, 1, 8, 8])
            .writer(&mut bytes)
            .begin_nd()
            .unwrap();
        writer.extend(std::iter::repeat_n(0.5_f32, 64)).unwrap();
        writer.finish().unwrap();
    }
    std::fs::write(&input, bytes).unwrap();
    let output = dir.path().join("out.npy");
    refused(
        &[
            "forward",
            CIFAR,
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        &format!("{}: expected images of 3 channels", input.display()),
    );
    assert!(!output.exists(), "nothing is written");
}

#[test]
fn a_data_preprocessor_whose_mean_does_not_fit_the_channels_is_refused_at_build() {
    refused(
        &[
            "validate",
            CIFAR,
            "--cfg-options",
            "model.backbone.in_channels=1",
        ],
        "model.data_preprocessor.mean: expected 1 values, one per channel of the backbone's \
         input (in_channels=1), got 3 (in ImageClassifier)\n    at configs/_base_/datasets/cifar10_bs16.py:",
    );
}
