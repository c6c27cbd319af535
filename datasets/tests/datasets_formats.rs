//! The datasets on the committed fixtures: folders, annotation files, CIFAR, MNIST.

use crate::common;

use common::{data, rng};
use datasets::{DATASETS, ImageDataset};
use serde_json::json;

fn build(config: serde_json::Value) -> Box<dyn ImageDataset> {
    DATASETS.build(&config).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn custom_dataset_labels_sorted_class_folders() {
    let dataset = build(json!({"type": "CustomDataset", "data_root": data("folder")}));
    assert_eq!(
        dataset.classes().unwrap(),
        ["astronaut", "cat", "coffee", "rocket"]
    );
    assert_eq!(
        dataset.len(),
        16,
        "4 images per class, notes.txt skipped, nested folder walked"
    );
    let labels: Vec<i64> = (0..16)
        .map(|i| dataset.load(i).unwrap().gt_label.unwrap())
        .collect();
    assert_eq!(labels, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    let first = dataset.load(0).unwrap().img_path.unwrap();
    assert!(
        first.ends_with("folder/astronaut/astronaut_0.png"),
        "{}",
        first.display()
    );
    let nested = dataset.load(3).unwrap().img_path.unwrap();
    assert!(
        nested.ends_with("astronaut/more/astronaut_3.jpg"),
        "sorted as mmpretrain: {}",
        nested.display()
    );
}

#[test]
fn custom_dataset_reads_an_ann_file_and_a_dict_prefix() {
    let dataset = build(json!({
        "type": "CustomDataset", "data_root": data(""), "ann_file": "folder_ann.txt",
        "data_prefix": {"img_path": "folder"}, "classes": ["a", "b", "c", "d"],
        "pipeline": [{"type": "LoadImageFromFile"}, {"type": "PackInputs"}],
    }));
    assert_eq!(dataset.len(), 16);
    let sample = dataset.get(5, &mut rng(0)).unwrap();
    assert_eq!(sample.gt_label, Some(1));
    let packed = sample.inputs.unwrap();
    assert_eq!(packed.shape[0], 3);
    assert_eq!(
        sample.metainfo["img_path"],
        json!(data("folder/cat/cat_1.jpg"))
    );
}

#[test]
fn custom_dataset_without_labels_lists_every_image() {
    let dataset =
        build(json!({"type": "CustomDataset", "data_prefix": data("folder"), "with_label": false}));
    assert_eq!(dataset.len(), 16);
    assert_eq!(dataset.load(0).unwrap().gt_label, None);
    assert!(dataset.classes().is_none());
}

#[test]
fn indices_restrict_the_samples() {
    let dataset =
        build(json!({"type": "CustomDataset", "data_root": data("folder"), "indices": 3}));
    assert_eq!(dataset.len(), 3);
    let dataset =
        build(json!({"type": "CustomDataset", "data_root": data("folder"), "indices": [15, 0]}));
    assert_eq!(dataset.load(0).unwrap().gt_label, Some(3));
}

#[test]
fn imagenet_has_its_1000_classes_and_reads_annotation_files() {
    let dataset = build(
        json!({"type": "ImageNet", "data_root": data(""), "ann_file": "folder_ann.txt", "data_prefix": "folder"}),
    );
    let classes = dataset.classes().unwrap();
    assert_eq!(classes.len(), 1000);
    assert_eq!(classes[0], "tench, Tinca tinca");
    assert_eq!(classes[999], "toilet tissue, toilet paper, bathroom tissue");
    assert_eq!(dataset.len(), 16);
    // Four class folders are not ImageNet's 1000.
    let error = DATASETS
        .build(&json!({"type": "ImageNet", "data_root": data("folder")}))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("doesn't match the number of classes (1000)"),
        "{error}"
    );
}

#[test]
fn cifar10_reads_every_pickle_form_as_data() {
    let train = build(json!({"type": "CIFAR10", "data_root": data("cifar10")}));
    assert_eq!(
        train.len(),
        15,
        "5 batches of 3 (protocol 2 and protocol 5)"
    );
    assert_eq!(train.classes().unwrap()[0], "airplane");
    let test = build(
        json!({"type": "CIFAR10", "data_root": data("cifar10"), "split": "test", "pipeline": [{"type": "PackInputs"}]}),
    );
    assert_eq!(test.len(), 4, "Python 2 cPickle form");
    let labels: Vec<i64> = (0..4)
        .map(|i| test.load(i).unwrap().gt_label.unwrap())
        .collect();
    assert_eq!(labels, [0, 7, 4, 1]);
    let sample = test.get(0, &mut rng(0)).unwrap();
    assert_eq!(sample.inputs.as_ref().unwrap().shape, [3, 32, 32]);
    // HWC RGB as numpy's `data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)` (values from Python).
    let px = |i: usize, y: usize, x: usize| {
        let image = test.load(i).unwrap().img.unwrap();
        image.data[(y * 32 + x) * 3..(y * 32 + x) * 3 + 3].to_vec()
    };
    assert_eq!(
        (px(1, 0, 0), px(1, 31, 5), px(3, 10, 20)),
        (vec![121, 74, 43], vec![188, 158, 144], vec![67, 82, 109])
    );
}

#[test]
fn cifar_meta_file_parses() {
    let bytes = std::fs::read(data("cifar10/cifar-10-batches-py/batches.meta")).unwrap();
    let meta = datasets::pickle::read(&bytes).unwrap();
    let Some(datasets::pickle::Value::List(names)) = meta.get("label_names") else {
        panic!("{meta:?}")
    };
    assert_eq!(names[9].as_text().unwrap(), "truck");
}

#[test]
fn cifar100_uses_fine_labels() {
    let train = build(json!({"type": "CIFAR100", "data_root": data("cifar100")}));
    assert_eq!(train.len(), 6);
    assert_eq!(train.classes().unwrap().len(), 100);
    assert_eq!(train.load(5).unwrap().gt_label, Some(35));
}

#[test]
fn mnist_reads_gzipped_and_plain_idx() {
    let train = build(json!({"type": "MNIST", "data_root": data("mnist")}));
    assert_eq!(train.len(), 6, "gzipped train files");
    let image = train.load(2).unwrap().img.unwrap();
    assert_eq!((image.height, image.width, image.channels), (28, 28, 1));
    assert_eq!(train.load(2).unwrap().gt_label, Some(2));
    let test = build(json!({"type": "MNIST", "data_root": data("mnist"), "test_mode": true}));
    assert_eq!(
        test.len(),
        4,
        "plain t10k files, chosen by test_mode as mmpretrain"
    );
    let test = build(json!({"type": "FashionMNIST", "data_root": data("mnist"), "split": "test"}));
    assert_eq!(test.len(), 4);
    assert_eq!(test.classes().unwrap()[0], "T-shirt/top");
}

#[test]
fn classes_come_from_metainfo_then_classes_then_the_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("classes.txt");
    std::fs::write(&file, "w\nx\ny\nz\n").unwrap();
    let root = data("folder");
    let from_file = build(json!({"type": "CustomDataset", "data_root": root, "classes": file}));
    assert_eq!(from_file.classes().unwrap(), ["w", "x", "y", "z"]);
    let meta = json!({"classes": ["p", "q", "r", "s"]});
    let both = build(
        json!({"type": "CustomDataset", "data_root": root, "classes": file, "metainfo": meta}),
    );
    assert_eq!(
        both.classes().unwrap(),
        ["p", "q", "r", "s"],
        "metainfo wins, as mmengine"
    );
    let meta_file =
        json!({"type": "CIFAR10", "data_root": data("cifar10"), "metainfo": {"classes": file}});
    let error = DATASETS.build(&meta_file).unwrap_err().to_string();
    assert!(
        error.contains("data_batch_1: sample 1 has label Int(7), not a class index"),
        "{error}"
    );
    std::fs::write(&file, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n").unwrap();
    assert_eq!(build(meta_file).classes().unwrap()[9], "9");
}
