//! Bad input is a clear error naming the file or the key, never a panic.

use crate::common;

use common::{data, file_sample, pipeline, rng};
use datasets::{DATASETS, ImageDataLoader, pickle};
use registry_core::{BuildContext, KeyPath};
use serde_json::json;

fn dataset_error(config: serde_json::Value) -> String {
    DATASETS.build(&config).unwrap_err().to_string()
}

#[test]
fn missing_files_name_the_path_and_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().display().to_string();
    let error = dataset_error(json!({"type": "CIFAR10", "data_root": root}));
    assert!(error.starts_with("data_root: "), "{error}");
    assert!(
        error.contains("cifar-10-batches-py/data_batch_1")
            && error.contains("CIFAR10's python batch"),
        "{error}"
    );
    let error = dataset_error(json!({"type": "MNIST", "data_root": root}));
    assert!(
        error.contains("train-images-idx3-ubyte") && error.contains(".gz"),
        "{error}"
    );
    let error = dataset_error(
        json!({"type": "CustomDataset", "data_root": root, "ann_file": "meta/train.txt"}),
    );
    assert!(
        error.starts_with("ann_file: ") && error.contains("meta/train.txt"),
        "{error}"
    );
    let error =
        dataset_error(json!({"type": "CustomDataset", "data_root": format!("{root}/nowhere")}));
    assert!(
        error.starts_with("data_prefix: ") && error.contains("nowhere"),
        "{error}"
    );
    let load = pipeline(json!([{"type": "LoadImageFromFile"}])).unwrap();
    let error = load
        .apply(file_sample("folder/cat/missing.png"), &mut rng(0))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("pipeline[0] (LoadImageFromFile)") && error.contains("missing.png"),
        "{error}"
    );
}

#[test]
fn a_corrupt_image_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = std::fs::read(data("folder/cat/cat_1.jpg")).unwrap();
    let path = dir.path().join("broken.jpg");
    std::fs::write(&path, &jpeg[..jpeg.len() / 3]).unwrap();
    let load = pipeline(json!([{"type": "LoadImageFromFile"}])).unwrap();
    let sample = datasets::Sample {
        img_path: Some(path),
        ..Default::default()
    };
    let error = load.apply(sample, &mut rng(0)).unwrap_err().to_string();
    assert!(
        error.contains("broken.jpg") && error.contains("not a readable image"),
        "{error}"
    );
}

#[test]
fn a_pickle_calling_os_system_is_refused_without_running_it() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("pwned");
    // pickle.dumps of an object whose __reduce__ is (os.system, ("touch …",)), protocol 2.
    let command = format!("touch {}", marker.display());
    let mut evil = b"\x80\x02cposix\nsystem\nq\x00X".to_vec();
    evil.extend((command.len() as u32).to_le_bytes());
    evil.extend(command.as_bytes());
    evil.extend(b"q\x01\x85q\x02Rq\x03.");
    let error = pickle::read(&evil).unwrap_err();
    assert!(error.contains("refusing global `posix.system`"), "{error}");
    let batches = dir.path().join("cifar-10-batches-py");
    std::fs::create_dir(&batches).unwrap();
    std::fs::write(batches.join("data_batch_1"), &evil).unwrap();
    let error = dataset_error(json!({"type": "CIFAR10", "data_root": dir.path()}));
    assert!(
        error.contains("data_batch_1") && error.contains("refusing global"),
        "{error}"
    );
    assert!(!marker.exists(), "the pickle's command ran");
}

#[test]
fn malformed_pickles_are_errors() {
    for bytes in [
        &b""[..],
        b"\x80\x02}",
        b"\x80\x02]q\x00(K\x01K\x02",
        b"\x80\x02ccopy_reg\n_reconstructor\n.",
        b"\x80\x02\xff.",
    ] {
        assert!(pickle::read(bytes).is_err(), "{bytes:?}");
    }
    let valid = std::fs::read(data("cifar10/cifar-10-batches-py/test_batch")).unwrap();
    for cut in [10, 100, valid.len() / 2, valid.len() - 1] {
        assert!(pickle::read(&valid[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_truncated_idx_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read(data("mnist/t10k-images-idx3-ubyte")).unwrap();
    std::fs::write(
        dir.path().join("train-images-idx3-ubyte"),
        &plain[..plain.len() - 100],
    )
    .unwrap();
    std::fs::copy(
        data("mnist/t10k-labels-idx1-ubyte"),
        dir.path().join("train-labels-idx1-ubyte"),
    )
    .unwrap();
    let error = dataset_error(json!({"type": "MNIST", "data_root": dir.path()}));
    assert!(
        error.contains("train-images-idx3-ubyte") && error.contains("truncated"),
        "{error}"
    );
    let gz = std::fs::read(data("mnist/train-images-idx3-ubyte.gz")).unwrap();
    let path = dir.path().join("cut.gz");
    std::fs::write(&path, &gz[..gz.len() / 2]).unwrap();
    let error = datasets::idx::read_idx(&path).unwrap_err().to_string();
    assert!(error.contains("cut.gz"), "{error}");
}

#[test]
fn an_unknown_transform_names_its_key_path() {
    let config = json!({
        "batch_size": 2,
        "dataset": {"type": "CustomDataset", "data_root": data("folder"),
                    "pipeline": [{"type": "LoadImageFromFile"}, {"type": "RandAugmentt"}, {"type": "PackInputs"}]},
        "sampler": {"type": "DefaultSampler"},
    });
    let mut ctx = BuildContext::default().at(KeyPath::root().key("train_dataloader"));
    let device = ctx.device().clone();
    let error = ImageDataLoader::from_config(&config, 0, &device, &mut ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(error.starts_with("train_dataloader.dataset.pipeline[1].type: `RandAugmentt` is not registered in TRANSFORMS"), "{error}");
}

#[test]
fn wrong_labels_in_an_ann_file_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let ann = dir.path().join("ann.txt");
    std::fs::write(&ann, "cat/cat_0.png 1\ncat/cat_1.jpg 4\n").unwrap();
    let config = |ann: &std::path::Path| json!({"type": "CustomDataset", "ann_file": ann, "data_prefix": data("folder"), "classes": ["a", "b", "c", "d"]});
    let error = dataset_error(config(&ann));
    assert!(
        error.starts_with("ann_file: ") && error.contains("ann.txt: line 2: label 4"),
        "{error}"
    );
    std::fs::write(&ann, "cat/cat_0.png one\n").unwrap();
    let error = dataset_error(config(&ann));
    assert!(
        error.contains("line 1: label `one` is not an integer"),
        "{error}"
    );
}

#[test]
fn bad_transform_values_name_their_key() {
    let cases = [
        (json!({"type": "RandomResizedCrop", "scale": 0}), "scale: "),
        (
            json!({"type": "RandomResizedCrop", "scale": 8, "crop_ratio_range": [1.0, 0.5]}),
            "crop_ratio_range: ",
        ),
        (
            json!({"type": "RandomResizedCrop", "scale": 8, "backend": "pillow", "interpolation": "area"}),
            "interpolation: ",
        ),
        (
            json!({"type": "Resize", "scale": 8, "interpolation": "area"}),
            "interpolation: ",
        ),
        (json!({"type": "RandomFlip", "prob": 1.5}), "prob: "),
        (json!({"type": "RandomFlip"}), "prob: "),
        (
            json!({"type": "RandomCrop", "crop_size": 8, "padding": [1, 2, 3]}),
            "padding: ",
        ),
        (
            json!({"type": "RandomCrop", "crop_size": 8, "pad_val": 300}),
            "pad_val: ",
        ),
        (
            json!({"type": "ResizeEdge", "scale": 8, "edge": "middle"}),
            "edge: ",
        ),
        (
            json!({"type": "LoadImageFromFile", "color_type": "purple"}),
            "color_type: ",
        ),
        (
            json!({"type": "CenterCrop", "crop_size": [2, 3], "pad_cfg": {"type": "Pad", "pad_val": 3}}),
            "pad_cfg: ",
        ),
        (
            json!({"type": "PackInputs", "input_key": "gt_seg"}),
            "input_key: ",
        ),
    ];
    for (config, key) in cases {
        let error = common::transform(config.clone()).unwrap_err().to_string();
        assert!(error.starts_with(key), "{config}: {error}");
    }
}

#[test]
fn images_of_different_sizes_in_one_batch_name_the_samples() {
    let config = json!({
        "batch_size": 16,
        "dataset": {"type": "CustomDataset", "data_root": data("folder"),
                    "pipeline": [{"type": "LoadImageFromFile"}, {"type": "PackInputs"}]},
        "sampler": {"type": "DefaultSampler", "shuffle": false},
    });
    let mut ctx = BuildContext::default();
    let device = ctx.device().clone();
    let loader = ImageDataLoader::from_config(&config, 0, &device, &mut ctx).unwrap();
    let error = loader
        .epoch_iter(0)
        .next()
        .unwrap()
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("astronaut_0.png is [3, 24, 30]")
            && error.contains("astronaut_1.jpg is [3, 26, 30]"),
        "{error}"
    );
}

#[test]
fn oversized_outputs_are_errors_not_allocations() {
    let image = datasets::Image::new(16, 16, 3, vec![0; 768]).unwrap();
    let sample = datasets::Sample {
        img: Some(image),
        ..Default::default()
    };
    for config in [
        json!({"type": "Resize", "scale": [1048576, 1048576]}),
        json!({"type": "Resize", "scale_factor": 1000.0}),
        json!({"type": "RandomCrop", "crop_size": 8, "padding": 65536}),
        json!({"type": "CenterCrop", "crop_size": 1048576, "auto_pad": true}),
    ] {
        let transform = common::transform(config.clone()).unwrap();
        let error = transform
            .transform(sample.clone(), &mut rng(0))
            .unwrap_err();
        assert!(error.contains("over the limit"), "{config}: {error}");
    }
}

#[test]
fn a_cifar_batch_claiming_2_to_the_62_images_is_an_error_not_an_overflow() {
    let valid = std::fs::read(data("cifar10/cifar-10-batches-py/test_batch")).unwrap();
    // The array's shape is the tuple (BININT 4, BININT 3072): claim 2⁶² rows instead (LONG1).
    let four = b"J\x04\x00\x00\x00J\x00\x0c\x00\x00";
    let at = valid
        .windows(four.len())
        .position(|window| window == four)
        .expect("the fixture's shape tuple");
    let mut patched = valid[..at].to_vec();
    patched.extend(b"\x8a\x08");
    patched.extend((1u64 << 62).to_le_bytes());
    patched.extend(&valid[at + 5..]);
    let dir = tempfile::tempdir().unwrap();
    let batches = dir.path().join("cifar-10-batches-py");
    std::fs::create_dir(&batches).unwrap();
    for name in [
        "data_batch_1",
        "data_batch_2",
        "data_batch_3",
        "data_batch_4",
        "data_batch_5",
    ] {
        std::fs::write(batches.join(name), &patched).unwrap();
    }
    let error = dataset_error(json!({"type": "CIFAR10", "data_root": dir.path()}));
    assert!(
        error.contains("data_batch_1") && error.contains("expected uint8 (N, 3072)"),
        "{error}"
    );
}
