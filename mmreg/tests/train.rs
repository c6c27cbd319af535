//! `mmreg train`/`test`/`browse-dataset` on real data (Debian's Fashion-MNIST files, installed
//! by CI with `apt-get install dataset-fashion-mnist`) and on the explicit `SyntheticTextures`
//! dataset: checkpoints, `last_checkpoint`, `vis_data/scalars.json`, metrics, predictions in
//! dataset order, resuming, and errors that name the key or file (exit code 1, no panic).

use std::path::{Path, PathBuf};

use datasets::DATASETS;
use serde_json::{Value, json};

mod common;
use common::{SYNTHETIC, mmreg, workspace};

registry_core::link!(models, datasets);

const FASHION: &str = "configs/resnet/resnet18_cifar_fashion-mnist.py";
const FASHION_ROOT: &str = "/usr/share/datasets/fashion-mnist";

/// Runs `args`; stdout and stderr, after checking the exit status is `ok` and nothing panicked.
fn run(args: &[&str], ok: bool) -> (String, String) {
    let output = mmreg().args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let expected = if ok { Some(0) } else { Some(1) };
    assert_eq!(
        output.status.code(),
        expected,
        "mmreg {args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    (stdout, stderr)
}

fn fashion_installed() {
    assert!(
        Path::new(FASHION_ROOT)
            .join("t10k-labels-idx1-ubyte.gz")
            .is_file(),
        "{FASHION_ROOT} is missing: install Debian's dataset-fashion-mnist package"
    );
}

/// The lines of the run's `vis_data/scalars.json`.
fn scalars(work_dir: &Path) -> Vec<Value> {
    let runs: Vec<PathBuf> = std::fs::read_dir(work_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path().join("vis_data/scalars.json"))
        .filter(|path| path.is_file())
        .collect();
    assert_eq!(runs.len(), 1, "one run, one scalars.json: {runs:?}");
    let text = std::fs::read_to_string(&runs[0]).unwrap();
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn train_test_and_resume_on_real_fashion_mnist() {
    fashion_installed();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let work_str = work.to_str().unwrap();
    let readme = readme_block();
    let args = |index: usize| -> Vec<String> {
        readme[index]
            .0
            .iter()
            .map(|arg| arg.replace(README_WORK_DIR, work_str))
            .collect()
    };
    let train_args = args(0);
    assert_eq!(
        train_args,
        ["train", FASHION, "--work-dir", work_str],
        "README's train line"
    );
    let (stdout, stderr) = run(
        &train_args.iter().map(String::as_str).collect::<Vec<_>>(),
        true,
    );
    assert_same_shape(&stdout, &readme[0].1, work_str);
    assert!(
        stderr.contains("not honoured:\n") && stderr.contains("  env_cfg: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("Epoch(val) [2]  accuracy/top1: "),
        "{stderr}"
    );
    for file in [
        "epoch_1.bpk",
        "epoch_1.optim.bpk",
        "epoch_2.bpk",
        "epoch_2.scheduler.bpk",
    ] {
        assert!(
            work.join(file).is_file(),
            "{file} missing; stdout: {stdout}"
        );
    }
    let last = std::fs::read_to_string(work.join("last_checkpoint")).unwrap();
    assert_eq!(Path::new(last.trim()), work.join("epoch_2.bpk"));

    // LoggerHook(interval=2): 8 iterations per epoch → 4 lines per epoch, then validation.
    let lines = scalars(&work);
    let train: Vec<&Value> = lines
        .iter()
        .filter(|line| line.get("loss").is_some())
        .collect();
    let iters: Vec<u64> = train
        .iter()
        .map(|line| line["iter"].as_u64().unwrap())
        .collect();
    assert_eq!(iters, [2, 4, 6, 8, 10, 12, 14, 16]);
    assert!(
        train
            .iter()
            .all(|line| line["lr"].is_f64() && line["step"] == line["iter"])
    );
    assert_eq!(train[0]["epoch"], json!(1));
    let loss = |line: &Value| line["loss"].as_f64().unwrap();
    assert!(loss(train[7]) < loss(train[0]), "the loss falls: {train:?}");
    let val: Vec<&Value> = lines
        .iter()
        .filter(|line| line.get("accuracy/top1").is_some())
        .collect();
    assert_eq!(
        val.iter()
            .map(|line| line["step"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2]
    );

    test_the_checkpoint(&work.join("epoch_2.bpk"), dir.path());
    let test_args = args(1);
    let checkpoint = work.join("epoch_2.bpk");
    assert_eq!(
        test_args,
        ["test", FASHION, checkpoint.to_str().unwrap(), "--json"],
        "README's test line"
    );
    let (stdout, _) = run(
        &test_args.iter().map(String::as_str).collect::<Vec<_>>(),
        true,
    );
    assert_same_shape(&stdout, &readme[1].1, work_str);

    // Resuming continues at epoch 3 (the optimizer, schedule and sampler epoch restored).
    let (_, stderr) = run(
        &[
            "train",
            FASHION,
            "--work-dir",
            work_str,
            "--resume",
            "--cfg-options",
            "train_cfg.max_epochs=3",
        ],
        true,
    );
    assert!(stderr.contains("Epoch(train) [3][8/8]"), "{stderr}");
    assert!(
        !stderr.contains("Epoch(train) [1]"),
        "restarted instead of resuming: {stderr}"
    );
    let last = std::fs::read_to_string(work.join("last_checkpoint")).unwrap();
    assert_eq!(Path::new(last.trim()), work.join("epoch_3.bpk"));
    // max_epochs reached: resuming again is an error saying so.
    let (_, stderr) = run(
        &["train", FASHION, "--work-dir", work_str, "--resume"],
        false,
    );
    assert!(
        stderr.contains("resume: the checkpoint already ends the run"),
        "{stderr}"
    );
}

/// The work dir README's "train → test on real data" block uses.
const README_WORK_DIR: &str = "work_dirs/fashion-mnist";

/// README's "train → test on real data" block: each `$ mmreg` line's arguments and the output
/// lines shown under it.
fn readme_block() -> Vec<(Vec<String>, Vec<String>)> {
    let text = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let start = text
        .find("Train → test on real data")
        .expect("README has the train → test block");
    let block = &text[start..];
    let block = &block[block.find("```console\n").unwrap() + 11..];
    let block = &block[..block.find("```").unwrap()];
    let mut commands: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for line in block.lines() {
        match line.strip_prefix("$ mmreg ") {
            Some(command) => commands.push((
                command.split_whitespace().map(str::to_owned).collect(),
                Vec::new(),
            )),
            None => commands
                .last_mut()
                .expect("a command first")
                .1
                .push(line.to_owned()),
        }
    }
    assert_eq!(
        commands.len(),
        2,
        "README's block: a train line and a test line"
    );
    commands
}

/// `stdout` has README's `shown` lines, numbers aside (they depend on the CPU's kernels).
fn assert_same_shape(stdout: &str, shown: &[String], work_dir: &str) {
    let mask = |line: &str| -> String {
        let line = line.replace(work_dir, README_WORK_DIR);
        let mut masked = String::new();
        for c in line.chars() {
            match c.is_ascii_digit() {
                true if masked.ends_with('#') => {}
                true => masked.push('#'),
                false => masked.push(c),
            }
        }
        masked
    };
    let real: Vec<String> = stdout.lines().map(mask).collect();
    let shown: Vec<String> = shown.iter().map(|line| mask(line)).collect();
    assert_eq!(real, shown, "README's output and the real output differ");
}

/// `mmreg test`: the metrics printed, as one JSON object, and the predictions in dataset order.
fn test_the_checkpoint(checkpoint: &Path, dir: &Path) {
    let checkpoint = checkpoint.to_str().unwrap();
    let (stdout, _) = run(&["test", FASHION, checkpoint], true);
    assert!(stdout.contains("accuracy/top1: "), "{stdout}");
    let out = dir.join("pred.json");
    let (stdout, _) = run(
        &[
            "test",
            FASHION,
            checkpoint,
            "--json",
            "--out",
            out.to_str().unwrap(),
        ],
        true,
    );
    let metrics: Value = serde_json::from_str(stdout.trim()).unwrap();
    let keys: Vec<&String> = metrics.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["accuracy/top1"]);
    let top1 = metrics["accuracy/top1"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&top1));

    let predictions: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(predictions.len(), 256);
    let test_set = DATASETS
        .build(&json!({"type": "FashionMNIST", "data_root": FASHION_ROOT, "split": "test"}))
        .unwrap();
    let mut correct = 0;
    for (index, prediction) in predictions.iter().enumerate() {
        let gt = test_set.load(index).unwrap().gt_label.unwrap();
        assert_eq!(
            prediction["gt_label"],
            json!(gt),
            "sample {index} out of order"
        );
        let scores: Vec<f64> = prediction["pred_score"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_f64().unwrap())
            .collect();
        assert_eq!(scores.len(), 10);
        assert!((scores.iter().sum::<f64>() - 1.0).abs() < 1e-4);
        let best = (0..10)
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
            .unwrap();
        assert_eq!(prediction["pred_label"], json!(best));
        assert!(prediction.as_object().unwrap().contains_key("img_path"));
        correct += usize::from(best as i64 == gt);
    }
    assert!(
        (top1 - 100.0 * correct as f64 / 256.0).abs() < 1e-6,
        "--json and --out agree"
    );
}

#[test]
fn synthetic_textures_train_when_asked_for_on_one_or_two_devices() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    let (stdout, stderr) = run(
        &["train", SYNTHETIC, "--work-dir", work.to_str().unwrap()],
        true,
    );
    assert!(stdout.contains("last checkpoint: "), "{stdout}");
    // max_keep_ckpts=1: only the newest stays.
    assert!(work.join("epoch_2.bpk").is_file() && !work.join("epoch_1.bpk").exists());
    // val_interval=2: validation on epoch 2 only.
    assert!(
        !stderr.contains("Epoch(val) [1]") && stderr.contains("Epoch(val) [2]"),
        "{stderr}"
    );

    let work2 = dir.path().join("w2");
    let (_, stderr) = run(
        &[
            "train",
            SYNTHETIC,
            "--work-dir",
            work2.to_str().unwrap(),
            "--devices",
            "flex,flex",
        ],
        true,
    );
    // 8 batches shared by two devices: 4 iterations per epoch.
    assert!(
        stderr.contains("4 iterations per epoch on each of 2 device(s)"),
        "{stderr}"
    );
    assert!(work2.join("epoch_2.bpk").is_file());
}

/// A checkpoint that cannot be written (a folder, or a file, where it must go) stops training
/// with exit 1 and the path, not burn-train's panic (tests run as root: a path conflict, not
/// permission bits).
#[test]
fn unwritable_checkpoints_are_errors_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    for (blocked, shown) in [
        ("epoch_1.bpk", "epoch_1.bpk"),
        ("epoch_1.optim.bpk", "epoch_1.optim.bpk"),
        ("last_checkpoint", "last_checkpoint"),
    ] {
        let work = dir.path().join(blocked.replace('.', "_"));
        std::fs::create_dir_all(work.join(blocked)).unwrap();
        let work = work.to_str().unwrap();
        let options = ["--cfg-options", "train_cfg.max_epochs=1"];
        let (_, stderr) = run(
            &[&["train", SYNTHETIC, "--work-dir", work], &options[..]].concat(),
            false,
        );
        assert!(
            stderr.contains("training failed") && stderr.contains(&format!("{work}/{shown}")),
            "{stderr}"
        );
    }
    // The work dir itself is a regular file.
    let file = dir.path().join("file");
    std::fs::write(&file, b"").unwrap();
    let file = file.to_str().unwrap();
    let (_, stderr) = run(&["train", SYNTHETIC, "--work-dir", file], false);
    assert!(
        stderr.contains(&format!("cannot create {file}")),
        "{stderr}"
    );
}

/// A resumed run whose optimizer or scheduler file is damaged (burn-train's own loader panics
/// on it) or swapped with another of the run's files (burn-train loads it silently) is an error
/// naming the file.
#[test]
fn resuming_from_a_damaged_or_swapped_optimizer_or_scheduler_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    let work_str = work.to_str().unwrap();
    let one = ["--cfg-options", "train_cfg.max_epochs=1"];
    run(
        &[&["train", SYNTHETIC, "--work-dir", work_str], &one[..]].concat(),
        true,
    );
    for part in ["optim", "scheduler"] {
        let file = work.join(format!("epoch_1.{part}.bpk"));
        let good = std::fs::read(&file).unwrap();
        std::fs::write(&file, &good[..16]).unwrap();
        let (_, stderr) = run(
            &["train", SYNTHETIC, "--work-dir", work_str, "--resume"],
            false,
        );
        assert!(
            stderr.contains(&format!(
                "resume: {} is not a readable checkpoint",
                file.display()
            )),
            "{stderr}"
        );
        std::fs::write(&file, good).unwrap();
    }
    // Swapped files load in burn-train without a complaint; here they are refused.
    let [model, optim, scheduler] =
        ["", ".optim", ".scheduler"].map(|part| work.join(format!("epoch_1{part}.bpk")));
    for (a, b, holds) in [
        (
            &optim,
            &scheduler,
            "a learning-rate schedule's state, not an optimizer's state",
        ),
        (
            &model,
            &optim,
            "an optimizer's state, not the model's weights",
        ),
    ] {
        swap(a, b);
        let (_, stderr) = run(
            &["train", SYNTHETIC, "--work-dir", work_str, "--resume"],
            false,
        );
        assert!(
            stderr.contains(&format!("resume: {} holds {holds}", a.display())),
            "{stderr}"
        );
        swap(a, b);
    }
}

/// Exchanges the contents of two files.
fn swap(a: &Path, b: &Path) {
    let (bytes_a, bytes_b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    std::fs::write(a, bytes_b).unwrap();
    std::fs::write(b, bytes_a).unwrap();
}

/// An IDX file of `dims` (unsigned bytes, all `value`).
fn write_idx(path: &Path, dims: &[u32], value: u8) {
    let mut bytes = vec![0, 0, 8, dims.len() as u8];
    bytes.extend(dims.iter().flat_map(|d| d.to_be_bytes()));
    let count: u32 = dims.iter().product();
    bytes.extend(std::iter::repeat_n(value, count as usize));
    std::fs::write(path, bytes).unwrap();
}

/// Images the model cannot take (other channels than its in_channels, zero height and width,
/// padded past the size limit) and labels past the head's classes stop `train` (and such images `test`) with exit 1 naming
/// the dataloader, before any forward.
#[test]
fn batches_the_model_cannot_take_are_errors_naming_the_dataloader() {
    fashion_installed();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    let work = work.to_str().unwrap();
    let rgb = [
        "model.backbone.in_channels=3",
        "data_preprocessor.mean=[1,2,3]",
        "data_preprocessor.std=[1,2,3]",
        "train_cfg.max_epochs=1",
    ];
    let (_, stderr) = run(
        &[
            &["train", FASHION, "--work-dir", work, "--cfg-options"],
            &rgb[..],
        ]
        .concat(),
        false,
    );
    assert!(
        stderr.contains("train_dataloader: a batch of images [64, 1, 28, 28] does not fit the model: expected images of 3 channels"),
        "{stderr}"
    );
    // Padded by the data preprocessor past the size limit (100,000² pixels aborted).
    let pad = ["--cfg-options", "data_preprocessor.pad_size_divisor=100000"];
    let (_, stderr) = run(
        &[&["train", SYNTHETIC, "--work-dir", work], &pad[..]].concat(),
        false,
    );
    assert!(
        stderr.contains("train_dataloader: a batch of images [8, 3, 16, 16] does not fit the model: padded to [8, 3, 100000, 100000] (pad_size_divisor=100000)"),
        "{stderr}"
    );
    // Labels past the head's last class (a head of 5 classes for 10).
    let five = [
        "model.head.num_classes=5",
        "data_preprocessor.num_classes=5",
        "train_cfg.max_epochs=1",
    ];
    let (_, stderr) = run(
        &[
            &["train", FASHION, "--work-dir", work, "--cfg-options"],
            &five[..],
        ]
        .concat(),
        false,
    );
    assert!(
        stderr.contains("train_dataloader: sample ")
            && stderr.contains("but the model's head has 5 classes (0..=4)"),
        "{stderr}"
    );
    // Fashion-MNIST files of 0×0 images.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for split in ["train", "t10k"] {
        write_idx(
            &empty.join(format!("{split}-images-idx3-ubyte")),
            &[4, 0, 0],
            0,
        );
        write_idx(&empty.join(format!("{split}-labels-idx1-ubyte")), &[4], 1);
    }
    let root = |key: &str| format!("{key}.dataset.data_root={}", empty.display());
    let indices = |key: &str| format!("{key}.dataset.indices=None");
    let options: Vec<String> = ["train_dataloader", "val_dataloader", "test_dataloader"]
        .iter()
        .flat_map(|key| [root(key), indices(key)])
        .chain(["train_cfg.max_epochs=1".to_owned()])
        .collect();
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    let (_, stderr) = run(
        &[
            &["train", FASHION, "--work-dir", work, "--cfg-options"],
            &options[..],
        ]
        .concat(),
        false,
    );
    let zero = "a batch of images [4, 1, 0, 0] does not fit the model: expected every dimension";
    assert!(stderr.contains(&format!("_dataloader: {zero}")), "{stderr}");
    // `test` on them, with a checkpoint of the model trained on the real files.
    let one = ["--cfg-options", "train_cfg.max_epochs=1"];
    run(
        &[&["train", FASHION, "--work-dir", work], &one[..]].concat(),
        true,
    );
    let checkpoint = format!("{work}/epoch_1.bpk");
    let test_options = [root("test_dataloader"), indices("test_dataloader")];
    let test_options: Vec<&str> = test_options.iter().map(String::as_str).collect();
    let (_, stderr) = run(
        &[
            &["test", FASHION, &checkpoint, "--cfg-options"],
            &test_options[..],
        ]
        .concat(),
        false,
    );
    assert!(
        stderr.contains(&format!("test_dataloader: {zero}")),
        "{stderr}"
    );
}

#[test]
fn bad_configs_are_errors_naming_the_key_or_file() {
    fashion_installed();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("w");
    let work = work.to_str().unwrap();
    let hooks = dir.path().join("hooks.py");
    let base = workspace().join(FASHION);
    std::fs::write(
        &hooks,
        format!(
            "_base_ = ['{}']\ncustom_hooks = [dict(type='EMAHook')]\n",
            base.display()
        ),
    )
    .unwrap();
    let (_, stderr) = run(
        &["train", hooks.to_str().unwrap(), "--work-dir", work],
        false,
    );
    assert!(stderr.contains("custom_hooks[0].type"), "{stderr}");

    // A CIFAR config without its data folder (run from an empty directory).
    let cifar = workspace().join("configs/resnet/resnet18_8xb16_cifar10.py");
    let output = assert_cmd::cargo::cargo_bin_cmd!("mmreg")
        .current_dir(dir.path())
        .args(["train", cifar.to_str().unwrap(), "--work-dir", work])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "train_dataloader.dataset.data_root: data/cifar10/cifar-10-batches-py/data_batch_1"
        ),
        "{stderr}"
    );

    // A paramwise_cfg key that would change the weight decay, and is not supported.
    let (_, stderr) = run(
        &[
            "train",
            SYNTHETIC,
            "--work-dir",
            work,
            "--cfg-options",
            "optim_wrapper.paramwise_cfg.dwconv_decay_mult=0.0",
        ],
        false,
    );
    assert!(
        stderr.contains("optim_wrapper.paramwise_cfg.dwconv_decay_mult: unknown field"),
        "{stderr}"
    );

    // An unlabelled dataset (a folder read with with_label=False).
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap())
            .unwrap();
    let folder = workspace().join("datasets/tests/data/folder");
    config["train_dataloader"]["dataset"] = json!({"type": "CustomDataset", "data_root": folder, "with_label": false,
        "pipeline": [{"type": "LoadImageFromFile"}, {"type": "Resize", "scale": [16, 16]}, {"type": "PackInputs"}]});
    let unlabelled = dir.path().join("unlabelled.json");
    std::fs::write(&unlabelled, config.to_string()).unwrap();
    let (_, stderr) = run(
        &["train", unlabelled.to_str().unwrap(), "--work-dir", work],
        false,
    );
    assert!(
        stderr.contains("train_dataloader.dataset: the dataset has no labels"),
        "{stderr}"
    );

    // Resuming without a checkpoint, a corrupt checkpoint, a bad seed.
    let (_, stderr) = run(&["train", FASHION, "--work-dir", work, "--resume"], false);
    assert!(stderr.contains("last_checkpoint"), "{stderr}");
    let junk = dir.path().join("junk.bpk");
    std::fs::write(&junk, b"not a checkpoint").unwrap();
    let (_, stderr) = run(&["test", FASHION, junk.to_str().unwrap()], false);
    assert!(
        stderr.contains("checkpoint: cannot read") && stderr.contains("junk.bpk"),
        "{stderr}"
    );
    let (_, stderr) = run(
        &[
            "train",
            FASHION,
            "--work-dir",
            work,
            "--cfg-options",
            "randomness.seed=-3",
        ],
        false,
    );
    assert!(
        stderr.contains("randomness.seed: expected a whole number"),
        "{stderr}"
    );
}

#[test]
fn browse_dataset_writes_what_the_pipeline_produces() {
    fashion_installed();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("png");
    let (stdout, _) = run(
        &[
            "browse-dataset",
            FASHION,
            "--split",
            "train",
            "--count",
            "5",
            "--out",
            out.to_str().unwrap(),
        ],
        true,
    );
    assert!(stdout.contains("wrote 5 images"), "{stdout}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "0000.png", "0001.png", "0002.png", "0003.png", "0004.png", "grid.png"
        ]
    );
    let png = std::fs::read(out.join("0000.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn the_cifar10_config_trains_and_tests_on_its_layout() {
    // data/cifar10/cifar-10-batches-py, as the config expects: the datasets crate's fixture of
    // real CIFAR-format pickles, linked into an empty directory.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let fixture = workspace().join("datasets/tests/data/cifar10");
    std::os::unix::fs::symlink(&fixture, dir.path().join("data/cifar10")).unwrap();
    let config = workspace().join("configs/resnet/resnet18_8xb16_cifar10.py");
    let config = config.to_str().unwrap();
    let in_dir = |args: &[&str]| {
        let output = assert_cmd::cargo::cargo_bin_cmd!("mmreg")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "mmreg {args:?}\n{stdout}\n{stderr}"
        );
        stdout
    };
    let stdout = in_dir(&["train", config, "--cfg-options", "train_cfg.max_epochs=1"]);
    // work_dir defaults to work_dirs/<config stem>, as tools/train.py.
    let work = dir.path().join("work_dirs/resnet18_8xb16_cifar10");
    assert!(work.join("epoch_1.bpk").is_file(), "{stdout}");
    assert!(stdout.contains("val accuracy/top1: "), "{stdout}");
    let stdout = in_dir(&[
        "test",
        config,
        "work_dirs/resnet18_8xb16_cifar10/epoch_1.bpk",
        "--json",
    ]);
    let metrics: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert!(metrics["accuracy/top1"].is_f64(), "{stdout}");
}

#[test]
fn an_iteration_based_loop_checkpoints_and_validates_by_iteration_and_load_from_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap())
            .unwrap();
    config["train_cfg"] = json!({"by_epoch": false, "max_iters": 10, "val_interval": 4});
    config["param_scheduler"] =
        json!({"type": "LinearLR", "start_factor": 0.25, "by_epoch": false, "end": 4});
    config["default_hooks"] = json!({"logger": {"type": "LoggerHook", "interval": 2},
                                     "checkpoint": {"type": "CheckpointHook", "by_epoch": false, "interval": 4}});
    let path = dir.path().join("iters.json");
    std::fs::write(&path, config.to_string()).unwrap();
    let work = dir.path().join("w");
    let (_, stderr) = run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work.to_str().unwrap(),
        ],
        true,
    );
    assert!(
        stderr.contains("Iter(train) [10]") && stderr.contains("Iter(val) [10]"),
        "{stderr}"
    );
    for stem in ["iter_4", "iter_8", "iter_10"] {
        assert!(work.join(format!("{stem}.bpk")).is_file(), "{stem}");
    }
    let last = std::fs::read_to_string(work.join("last_checkpoint")).unwrap();
    assert_eq!(Path::new(last.trim()), work.join("iter_10.bpk"));
    let lines = scalars(&work);
    let val_steps: Vec<u64> = lines
        .iter()
        .filter(|line| line.get("accuracy/top1").is_some())
        .map(|line| line["step"].as_u64().unwrap())
        .collect();
    assert_eq!(val_steps, [4, 8, 10]);
    assert!(
        lines.iter().all(|line| line.get("epoch").is_none()),
        "no epochs in an iteration loop"
    );

    // load_from: the weights of iter_10 into a new run; a missing file is an error naming the key.
    config["load_from"] = json!(work.join("iter_10.bpk"));
    config["train_cfg"] = json!({"by_epoch": false, "max_iters": 2, "val_interval": 2});
    std::fs::write(&path, config.to_string()).unwrap();
    let work2 = dir.path().join("w2");
    run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work2.to_str().unwrap(),
        ],
        true,
    );
    config["load_from"] = json!(dir.path().join("missing.bpk"));
    std::fs::write(&path, config.to_string()).unwrap();
    let (_, stderr) = run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work2.to_str().unwrap(),
        ],
        false,
    );
    assert!(
        stderr.contains("load_from: ") && stderr.contains("missing.bpk"),
        "{stderr}"
    );
}

#[test]
fn save_best_keeps_one_best_checkpoint_and_the_logger_records_iteration_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap())
            .unwrap();
    config["train_cfg"] = json!({"by_epoch": true, "max_epochs": 4, "val_interval": 1});
    config["param_scheduler"] = json!({"type": "ConstantLR", "factor": 1.0});
    config["optim_wrapper"]["optimizer"]["lr"] = json!(0.2);
    config["default_hooks"] = json!({
        "timer": {"type": "IterTimerHook"},
        "logger": {"type": "LoggerHook", "interval": 2},
        "checkpoint": {"type": "CheckpointHook", "interval": 3, "max_keep_ckpts": 1,
                       "save_best": "accuracy/top1", "rule": "less"}});
    config["test_dataloader"] = config["val_dataloader"].clone();
    config["test_evaluator"] = config["val_evaluator"].clone();
    let path = dir.path().join("best.json");
    std::fs::write(&path, config.to_string()).unwrap();
    let work = dir.path().join("w");
    let (stdout, stderr) = run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work.to_str().unwrap(),
        ],
        true,
    );
    let lines = scalars(&work);
    // rule='less' (so that the best changes here, with an untrained model): the best epoch is
    // the first with the lowest accuracy/top1 (a tie is not better).
    let accuracies: Vec<f64> = lines
        .iter()
        .filter_map(|line| line.get("accuracy/top1").and_then(Value::as_f64))
        .collect();
    assert_eq!(accuracies.len(), 4, "{lines:?}");
    let best = accuracies.iter().copied().fold(f64::INFINITY, f64::min);
    let best_epoch = 1 + accuracies.iter().position(|&a| a == best).unwrap();
    let bests: Vec<String> = std::fs::read_dir(&work)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("best_") && name.ends_with(".bpk"))
        .collect();
    // One file: each earlier best was deleted when beaten; model only, no optimizer state.
    assert_eq!(
        bests,
        [format!("best_accuracy_top1_epoch_{best_epoch}.bpk")],
        "accuracies {accuracies:?}\n{stderr}"
    );
    let improvements = stderr.matches("The best checkpoint with ").count();
    let expected = accuracies
        .iter()
        .scan(f64::INFINITY, |min, &a| {
            let better = a < *min;
            *min = min.min(a);
            Some(better)
        })
        .filter(|&better| better)
        .count();
    assert_eq!(improvements, expected, "{stderr}");
    assert!(
        improvements >= 2,
        "no earlier best was replaced: {accuracies:?}"
    );
    let shown = format!(
        "best accuracy/top1: {best:.2} in {}\n",
        work.join(&bests[0]).display()
    );
    assert!(stdout.contains(&shown), "{stdout}");
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("best_checkpoint.json")).unwrap())
            .unwrap();
    assert_eq!(record["accuracy/top1"]["score"].as_f64(), Some(best));
    assert_eq!(record["accuracy/top1"]["rule"], json!("less"));
    // interval=3, max_keep_ckpts=1: epoch_3 then epoch_4 (the last), epoch_3 deleted.
    assert!(work.join("epoch_4.bpk").is_file() && !work.join("epoch_3.bpk").exists());
    let last = std::fs::read_to_string(work.join("last_checkpoint")).unwrap();
    assert_eq!(Path::new(last.trim()), work.join("epoch_4.bpk"));
    // It is the best epoch's model: tested on the validation data, it gives the recorded score.
    let best_file = work.join(&bests[0]);
    let (stdout, _) = run(
        &[
            "test",
            path.to_str().unwrap(),
            best_file.to_str().unwrap(),
            "--json",
        ],
        true,
    );
    let tested: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(tested["accuracy/top1"].as_f64(), Some(best), "{stdout}");

    // IterTimerHook: `time` and `data_time` (seconds, averaged since the last line) on each
    // training line; loading is part of the iteration.
    let train: Vec<&Value> = lines
        .iter()
        .filter(|line| line.get("loss").is_some())
        .collect();
    assert_eq!(train.len(), 16, "4 epochs of 8 iterations, a line every 2");
    for line in train {
        let time = line["time"].as_f64().unwrap_or(0.0);
        let data_time = line["data_time"].as_f64().unwrap_or(-1.0);
        assert!(time > 0.0 && data_time > 0.0 && data_time < time, "{line}");
    }

    // A metric the evaluator does not report is an error naming the key, before training.
    let (_, stderr) = run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work.to_str().unwrap(),
            "--cfg-options",
            "default_hooks.checkpoint.save_best=accuracy/top5",
        ],
        false,
    );
    assert!(
        stderr.contains("default_hooks.checkpoint.save_best: `accuracy/top5` is not a metric of the evaluator; it reports accuracy/top1"),
        "{stderr}"
    );
    let (_, stderr) = run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work.to_str().unwrap(),
            "--cfg-options",
            "default_hooks.checkpoint.rule=most",
        ],
        false,
    );
    assert!(stderr.contains("default_hooks.checkpoint.rule"), "{stderr}");
}

#[test]
fn the_mixup_and_cutmix_configs_model_trains_on_soft_targets_and_tests() {
    // The model of configs/_base_/models/resnet50_{mixup,cutmix}.py (MultiLabelLinearClsHead,
    // CrossEntropyLoss(use_soft=True), Mixup/CutMix batch augments), on the tiny synthetic data.
    let dir = tempfile::tempdir().unwrap();
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(SYNTHETIC)).unwrap())
            .unwrap();
    config["model"]["head"]["type"] = json!("MultiLabelLinearClsHead");
    config["model"]["head"]["loss"] =
        json!({"type": "CrossEntropyLoss", "loss_weight": 1.0, "use_soft": true});
    config["model"]["train_cfg"] =
        json!({"augments": [{"type": "Mixup", "alpha": 0.2}, {"type": "CutMix", "alpha": 1.0}]});
    config["train_cfg"] = json!({"by_epoch": true, "max_epochs": 2, "val_interval": 1});
    config["test_dataloader"] = config["val_dataloader"].clone();
    config["test_evaluator"] = config["val_evaluator"].clone();
    let path = dir.path().join("mixup.json");
    std::fs::write(&path, config.to_string()).unwrap();
    let work = dir.path().join("w");
    let (stdout, _) = run(
        &[
            "train",
            path.to_str().unwrap(),
            "--work-dir",
            work.to_str().unwrap(),
        ],
        true,
    );
    let losses: Vec<f64> = scalars(&work)
        .iter()
        .filter_map(|line| line.get("loss").and_then(Value::as_f64))
        .collect();
    assert!(
        losses.len() == 4 && losses.iter().all(|loss| loss.is_finite() && *loss > 0.0),
        "{losses:?}"
    );
    let checkpoint = work.join("epoch_2.bpk");
    let (stdout_test, _) = run(
        &[
            "test",
            path.to_str().unwrap(),
            checkpoint.to_str().unwrap(),
            "--json",
        ],
        true,
    );
    let tested: Value = serde_json::from_str(&stdout_test).unwrap();
    let top1 = tested["accuracy/top1"].as_f64().unwrap();
    assert!(
        stdout.contains(&format!("val accuracy/top1: {top1:.2}")),
        "{stdout}\n{stdout_test}"
    );
}

/// An ImageNet layout (`train/`, `val/`, `meta/{train,val}.txt` with ImageNet labels) over the
/// datasets crate's folder of real photos, in `dir`; its path.
fn imagenet_fixture(dir: &Path) -> String {
    let folder = workspace().join("datasets/tests/data/folder");
    std::fs::create_dir(dir.join("meta")).unwrap();
    let lines = "cat/cat_0.png 281\ncoffee/coffee_1.jpg 967\nrocket/rocket_2.png 812\nastronaut/astronaut_0.png 0\n";
    for split in ["train", "val"] {
        std::os::unix::fs::symlink(&folder, dir.join(split)).unwrap();
        std::fs::write(dir.join(format!("meta/{split}.txt")), lines).unwrap();
    }
    dir.to_str().unwrap().to_owned()
}

/// `--cfg-options` for a config over `imagenet_fixture`: its data, batches of 2, one epoch,
/// 32 × 32 crops (a ResNet-50 step at 224² is slow here).
fn tiny_imagenet_options(data_root: &str) -> Vec<String> {
    [
        format!("train_dataloader.dataset.data_root={data_root}"),
        format!("val_dataloader.dataset.data_root={data_root}"),
        "train_dataloader.batch_size=2".into(),
        "val_dataloader.batch_size=2".into(),
        "train_cfg.max_epochs=1".into(),
        "train_dataloader.dataset.pipeline.1.scale=32".into(),
        "val_dataloader.dataset.pipeline.1.scale=36".into(),
        "val_dataloader.dataset.pipeline.2.crop_size=32".into(),
    ]
    .into()
}

/// `mmreg train CONFIG` on `imagenet_fixture` with `tiny_imagenet_options`; its stdout.
fn train_tiny_imagenet(config: &str, dir: &Path) -> String {
    let data_root = imagenet_fixture(dir);
    let work = dir.join("work");
    let mut args = vec![
        "train".to_owned(),
        config.to_owned(),
        "--work-dir".into(),
        work.to_str().unwrap().to_owned(),
        "--cfg-options".into(),
    ];
    args.extend(tiny_imagenet_options(&data_root));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, _) = run(&args, true);
    assert!(work.join("epoch_1.bpk").is_file(), "{stdout}");
    stdout
}

#[test]
fn the_rsb_config_runs_randaugment_on_an_imagenet_layout() {
    // configs/_base_/datasets/imagenet_bs256_rsb_a12.py: RandAugment('timm_increasing') with
    // the rsb hparams, after a pillow-bicubic RandomResizedCrop.
    const RSB: &str = "configs/resnet/resnet50_8xb256-rsb-a1-600e_in1k.py";
    let dir = tempfile::tempdir().unwrap();
    let data_root = imagenet_fixture(dir.path());
    let out = dir.path().join("browse");
    let option = format!("train_dataloader.dataset.data_root={data_root}");
    let (stdout, _) = run(
        &[
            "browse-dataset",
            RSB,
            "--split",
            "train",
            "--count",
            "4",
            "--out",
            out.to_str().unwrap(),
            "--cfg-options",
            &option,
        ],
        true,
    );
    assert!(stdout.contains("wrote 4 images"), "{stdout}");
    let trained = tempfile::tempdir().unwrap();
    let stdout = train_tiny_imagenet(RSB, trained.path());
    assert!(
        stdout.contains("trained epochs 1..1 (2 iterations each)"),
        "{stdout}"
    );
}

#[test]
fn the_mmcls_0x_cutmix_config_trains_with_batch_cutmix() {
    // configs/_base_/models/resnet50_cutmix.py: train_cfg.augments=BatchCutMix(alpha=1.0,
    // num_classes=1000, prob=1.0), mmcls 0.x's name.
    let dir = tempfile::tempdir().unwrap();
    let stdout = train_tiny_imagenet("configs/resnet/resnet50_8xb32-cutmix_in1k.py", dir.path());
    // "loss: A (first step) -> B (last step)"
    let line = stdout.lines().find(|l| l.starts_with("loss: ")).unwrap();
    let losses: Vec<f64> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    assert!(
        losses.len() == 2 && losses.iter().all(|loss| loss.is_finite() && *loss > 0.0),
        "{stdout}"
    );
}
