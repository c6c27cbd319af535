//! What mmreg's integration tests share: the workspace root they run `mmreg` from, and the
//! small training config most of them train.

// Each test binary compiles this module and uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A CIFAR ResNet-18 (widths 8 to 64) training on the `SyntheticTextures` dataset: 64 samples,
/// batches of 8, one epoch in seconds.
pub const SYNTHETIC: &str = "mmreg/tests/data/resnet_cifar_tiny.json";

/// The workspace root: configs name their files and data relative to it.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("mmreg is a member of the workspace")
        .to_owned()
}

/// `mmreg`, run from the workspace root so that `configs/…` resolves.
pub fn mmreg() -> Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("mmreg");
    command.current_dir(workspace());
    command
}

/// `mmreg` as a process to spawn and talk to while it runs, from the workspace root.
pub fn mmreg_process() -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("mmreg"));
    command.current_dir(workspace());
    command
}
