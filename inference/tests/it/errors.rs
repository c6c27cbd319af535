//! Bad input is an error naming the file, folder or key; one bad image fails alone.

use inference::{ImageClassificationInferencer, InferenceError, collect_images};
use mmconfig::Config;

use crate::common;

fn tiny_config(options: &[&str]) -> Config {
    let mut config = Config::from_file(common::data().join("tiny.py")).unwrap();
    config.merge_options(options).unwrap();
    config
}

fn tiny() -> ImageClassificationInferencer {
    ImageClassificationInferencer::new(&tiny_config(&[]), Some(&common::tiny_checkpoint())).unwrap()
}

#[test]
fn a_bad_image_fails_alone_naming_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = common::photos()[1].clone();
    let text = dir.path().join("notes.png");
    std::fs::write(&text, "not an image").unwrap();
    let truncated = dir.path().join("truncated.png");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let results = tiny()
        .with_batch_size(4)
        .predict_all(&[&text, &good, &truncated]);
    assert_eq!(results.len(), 3);
    for (result, path) in [(&results[0], &text), (&results[2], &truncated)] {
        let message = result.as_ref().unwrap_err().to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
    }
    assert_eq!(
        results[1].as_ref().unwrap().img_path,
        good.display().to_string()
    );
}

#[test]
fn folders_are_walked_in_order_and_an_empty_one_is_an_error() {
    let photos = common::data().join("photos");
    let images = collect_images(&[photos.join("rocket.png"), photos.clone()]).unwrap();
    assert_eq!(images[0], photos.join("rocket.png"));
    assert_eq!(&images[1..], common::photos().as_slice());

    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("readme.txt"), "no images").unwrap();
    let error = collect_images(&[empty.path()]).unwrap_err();
    assert!(matches!(error, InferenceError::Input { .. }));
    assert!(
        error
            .to_string()
            .contains(&empty.path().display().to_string())
    );
    assert!(error.to_string().contains("has no images"), "{error}");

    let missing = photos.join("missing.png");
    let error = collect_images(&[&missing]).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{}: no such file or folder", missing.display())
    );
}

#[test]
fn a_checkpoint_that_does_not_fit_is_an_error_naming_it() {
    let config = Config::from_file(common::data().join("resnet18_in1k.py")).unwrap();
    let checkpoint = common::tiny_checkpoint();
    let error = ImageClassificationInferencer::new(&config, Some(&checkpoint))
        .err()
        .unwrap();
    assert!(matches!(error, InferenceError::Checkpoint(_)), "{error}");
    assert!(error.to_string().contains(&checkpoint), "{error}");

    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.pth");
    std::fs::write(&corrupt, "not a checkpoint").unwrap();
    let error = ImageClassificationInferencer::new(&tiny_config(&[]), corrupt.to_str())
        .err()
        .unwrap();
    assert!(
        error.to_string().contains(&corrupt.display().to_string()),
        "{error}"
    );
}

#[test]
fn class_names_come_from_the_config_or_are_absent() {
    let checkpoint = common::tiny_checkpoint();
    let photo = &common::photos()[0];
    // A dataset type without names of its own, and no classes: no pred_class.
    let config = tiny_config(&["test_dataloader.dataset.type=CustomDataset"]);
    let prediction = ImageClassificationInferencer::new(&config, Some(&checkpoint))
        .unwrap()
        .predict(photo)
        .unwrap();
    assert_eq!(prediction.pred_class, None);
    assert!(prediction.topk.iter().all(|top| top.class.is_none()));
    // metainfo.classes wins.
    let names: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
    let option = format!("test_dataloader.dataset.metainfo.classes={names:?}");
    let config = tiny_config(&[option.replace('"', "'").as_str()]);
    let prediction = ImageClassificationInferencer::new(&config, Some(&checkpoint))
        .unwrap()
        .predict(photo)
        .unwrap();
    assert_eq!(
        prediction.pred_class,
        Some(format!("c{}", prediction.pred_label))
    );
    // Another number of names than the head's classes: an error, not a guess.
    let config = tiny_config(&["test_dataloader.dataset.classes=['a','b']"]);
    let error = ImageClassificationInferencer::new(&config, Some(&checkpoint))
        .err()
        .unwrap();
    assert!(error.to_string().contains("2 class names"), "{error}");
}

#[test]
fn a_config_without_a_test_pipeline_or_with_a_bad_transform_is_an_error() {
    let checkpoint = common::tiny_checkpoint();
    let config = Config::from_value(serde_json::json!({
        "model": tiny_config(&[]).value()["model"].clone(),
    }))
    .unwrap();
    let error = ImageClassificationInferencer::new(&config, Some(&checkpoint))
        .err()
        .unwrap();
    assert!(error.to_string().contains("no test pipeline"), "{error}");
    let config = tiny_config(&["test_dataloader.dataset.pipeline.1.type=ColorJitter"]);
    let error = ImageClassificationInferencer::new(&config, Some(&checkpoint))
        .err()
        .unwrap();
    assert!(
        error
            .to_string()
            .contains("test_dataloader.dataset.pipeline[1].type"),
        "{error}"
    );
}

#[test]
fn show_writes_the_image_with_its_topk() {
    let dir = tempfile::tempdir().unwrap();
    let photo = &common::photos()[1];
    let prediction = tiny().predict(photo).unwrap();
    let written = inference::show::annotate(&prediction, dir.path()).unwrap();
    let drawn = image::open(&written).unwrap().to_rgb8();
    let original = image::open(photo).unwrap().to_rgb8();
    assert_eq!(drawn.dimensions(), original.dimensions());
    assert_ne!(drawn, original, "nothing was drawn");
    // The band is at the top left; the bottom right is untouched.
    let (w, h) = drawn.dimensions();
    assert_eq!(
        drawn.get_pixel(w - 1, h - 1),
        original.get_pixel(w - 1, h - 1)
    );
}
