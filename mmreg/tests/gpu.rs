//! The GPU subset, on the Vulkan device: `cargo test -p mmreg --features vulkan --test gpu`.
//! Without a GPU, Mesa's lavapipe (Debian's `mesa-vulkan-drivers`, installed by `.ci/run`) is a
//! Vulkan driver on the CPU, `--device vulkan:cpu`; with `MMREG_GPU_DEVICE` set (`vulkan:0`),
//! the same tests run on that device. Every test fails, naming the driver to install, when the
//! device cannot be opened.
//!
//! The tests that run kernels are `#[ignore]`d: lavapipe (Mesa 22.3.6, LLVM 15, Debian 12)
//! segfaults in `vkCreateComputePipelines` on cubecl's matmul kernel (cubek_matmul's
//! `MatmulEntry`, burn 0.22.1, cubecl-wgpu 0.11.3, wgpu 30.0.2; fill, binary and reduce kernels
//! run). On a machine with a GPU: `MMREG_GPU_DEVICE=vulkan:0 cargo test -p mmreg --features
//! vulkan --test gpu -- --include-ignored`.

use std::path::{Path, PathBuf};

use npyz::WriterBuilder;

mod common;
use common::{SYNTHETIC, workspace};

/// A narrow torchvision ResNet-18 (widths 4 to 32) and its weights, input and PyTorch logits.
const TINY: &str = "inference/tests/data/tiny.py";
const TINY_WEIGHTS: &str = "tests/weights/data/tiny_torchvision.pth";
const TINY_INPUT: &str = "tests/weights/data/tiny_input.npy";

/// The GPU device under test.
fn gpu() -> String {
    std::env::var("MMREG_GPU_DEVICE").unwrap_or_else(|_| "vulkan:cpu".to_owned())
}

/// Runs `mmreg args`; its stdout, after checking it succeeded without a panic.
fn succeeds(args: &[&str]) -> String {
    let output = common::mmreg().args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success() && !stderr.contains("panicked"),
        "mmreg {args:?} failed (no Vulkan driver? `apt-get install mesa-vulkan-drivers`)\n\
         stdout: {stdout}\nstderr: {stderr}"
    );
    stdout
}

/// A float32 `.npy` file's values.
fn npy(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    npyz::NpyFile::new(&bytes[..])
        .unwrap()
        .into_vec::<f32>()
        .unwrap()
}

/// Asserts `ours` equals `reference` within `tolerance` relative to the largest reference value.
fn assert_close(ours: &[f32], reference: &[f32], tolerance: f32, what: &str) {
    assert_eq!(ours.len(), reference.len(), "{what}: lengths");
    let scale = reference
        .iter()
        .fold(0f32, |max, value| max.max(value.abs()));
    let error = ours
        .iter()
        .zip(reference)
        .fold(0f32, |max, (a, b)| max.max((a - b).abs()));
    eprintln!("{what}: max abs difference {error:e}, largest value {scale:e}");
    assert!(
        error <= tolerance * scale,
        "{what}: max abs difference {error} over {tolerance} × {scale}"
    );
}

/// `mmreg forward` of `config` with `checkpoint` on `device` (extra args appended); the logits.
fn forward(config: &str, checkpoint: &str, input: &str, device: &str, extra: &[&str]) -> Vec<f32> {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.npy");
    let output = output.to_str().unwrap();
    let mut args = vec![
        "forward",
        config,
        "--checkpoint",
        checkpoint,
        "--input",
        input,
        "--output",
        output,
        "--device",
        device,
    ];
    args.extend_from_slice(extra);
    succeeds(&args);
    npy(Path::new(output))
}

#[test]
fn wgpu_selectors_name_adapters_and_bad_ones_are_errors() {
    use registry_core::burn::tensor::{Device, DeviceKind};
    use registry_core::device::parse_device;
    assert_eq!(
        parse_device("wgpu"),
        Ok(Device::wgpu(DeviceKind::DefaultDevice))
    );
    assert_eq!(
        parse_device("wgpu:1"),
        Ok(Device::wgpu(DeviceKind::DiscreteGpu(1)))
    );
    assert_eq!(
        parse_device("vulkan:cpu"),
        Ok(Device::vulkan(DeviceKind::Cpu))
    );
    let integrated = Device::vulkan(DeviceKind::IntegratedGpu(2));
    assert_eq!(parse_device("Vulkan:integrated:2"), Ok(integrated));
    for bad in [
        "wgpu:",
        "wgpu:gpu",
        "vulkan:cpu:1",
        "wgpu:-1",
        "vulkan:integrated:x",
    ] {
        let error = parse_device(bad).unwrap_err().to_string();
        assert!(error.contains("after `:` expected a GPU index"), "{error}");
    }
    let error = parse_device("cuda:0").unwrap_err().to_string();
    assert!(error.contains("needs the `cuda` cargo feature"), "{error}");
    // CI builds this test with `remote` too, which the list then ends with.
    assert!(
        error.contains("(this build has: flex, wgpu, vulkan"),
        "{error}"
    );
}

#[test]
fn devices_lists_the_vulkan_device() {
    let stdout = succeeds(&["devices"]);
    assert!(stdout.contains("vulkan  compiled in"), "{stdout}");
    assert!(
        stdout.contains(&gpu()),
        "{} is not listed:\n{stdout}",
        gpu()
    );
}

#[test]
#[ignore = "lavapipe (Mesa 22.3.6) segfaults compiling cubecl's matmul kernel; run on a GPU with --include-ignored"]
fn resnet_forward_on_vulkan_equals_flex() {
    let flex = forward(TINY, TINY_WEIGHTS, TINY_INPUT, "flex", &[]);
    let vulkan = forward(TINY, TINY_WEIGHTS, TINY_INPUT, &gpu(), &[]);
    assert_close(&vulkan, &flex, 1e-4, "ResNet-18 logits, Vulkan vs Flex");
    let fused = forward(TINY, TINY_WEIGHTS, TINY_INPUT, &gpu(), &["--fuse-conv-bn"]);
    assert_close(&fused, &flex, 1e-4, "fused conv+BN on Vulkan vs Flex");
}

#[test]
#[ignore = "lavapipe (Mesa 22.3.6) segfaults compiling cubecl's matmul kernel; run on a GPU with --include-ignored"]
fn training_on_vulkan_lowers_the_loss_and_its_checkpoint_loads_on_flex() {
    let dir = tempfile::tempdir().unwrap();
    let config = with_test_split(dir.path());
    let config = config.to_str().unwrap();
    let work = dir.path().join("work");
    let stdout = succeeds(&[
        "train",
        config,
        "--work-dir",
        work.to_str().unwrap(),
        "--device",
        &gpu(),
    ]);
    let losses = stdout
        .lines()
        .find_map(|line| line.strip_prefix("loss: "))
        .unwrap_or_else(|| panic!("no loss line:\n{stdout}"));
    let numbers: Vec<f64> = losses
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    eprintln!("training on {}: loss {losses}", gpu());
    assert!(
        numbers.len() == 2 && numbers[1] < numbers[0],
        "loss did not go down: {losses}"
    );

    // The checkpoint the Vulkan run saved: equal outputs on Flex and on Vulkan.
    let checkpoint = work.join("epoch_2.bpk");
    let checkpoint = checkpoint.to_str().unwrap();
    let input = dir.path().join("input.npy");
    write_input(&input, [4, 3, 16, 16]);
    let input = input.to_str().unwrap();
    let flex = forward(config, checkpoint, input, "flex", &[]);
    let vulkan = forward(config, checkpoint, input, &gpu(), &[]);
    assert_close(&vulkan, &flex, 1e-4, "trained on Vulkan: Vulkan vs Flex");

    // `test` on the Vulkan device reads the same checkpoint.
    let metrics = succeeds(&["test", config, checkpoint, "--json", "--device", &gpu()]);
    assert!(metrics.contains("accuracy/top1"), "{metrics}");
}

#[test]
#[ignore = "lavapipe (Mesa 22.3.6) segfaults compiling cubecl's matmul kernel; run on a GPU with --include-ignored"]
fn build_and_bench_run_on_vulkan() {
    let build = succeeds(&["build", TINY, "--shape", "3,32,32", "--device", &gpu()]);
    assert!(build.contains(&gpu()), "{build}");
    let bench = succeeds(&[
        "bench",
        TINY,
        "--shape",
        "3,32,32",
        "--iters",
        "2",
        "--warmup",
        "1",
        "--json",
        "--device",
        &gpu(),
    ]);
    assert!(bench.contains("\"images_per_sec\""), "{bench}");
}

/// [`SYNTHETIC`] with its validation split as test split too, written in `dir`.
fn with_test_split(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap();
    let mut config: serde_json::Value = serde_json::from_str(&text).unwrap();
    config["test_dataloader"] = config["val_dataloader"].clone();
    config["test_evaluator"] = config["val_evaluator"].clone();
    let path = dir.join("synthetic.json");
    std::fs::write(&path, config.to_string()).unwrap();
    path
}

/// Writes a float32 `.npy` array of `shape` with values in [-2, 2).
fn write_input(path: &Path, shape: [u64; 4]) {
    let count = shape.iter().product::<u64>() as usize;
    let values = (0..count).map(|index| ((index * 7919) % 1000) as f32 / 250.0 - 2.0);
    let mut writer = npyz::WriteOptions::new()
        .default_dtype()
        .shape(&shape)
        .writer(std::fs::File::create(path).unwrap())
        .begin_nd()
        .unwrap();
    writer.extend(values).unwrap();
    writer.finish().unwrap();
}
