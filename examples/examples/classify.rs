//! Classify photos with a config and a checkpoint, as mmpretrain's `ImageClassificationInferencer`:
//! the config's test pipeline, its data preprocessor, softmax scores and class names.
//!
//! ```sh
//! cargo run -p examples --example classify
//! cargo run -p examples --example classify -- configs/resnet/resnet18_8xb32_in1k.py resnet18-f37072fd.pth cat.png
//! ```
//!
//! Without arguments it uses the test data's narrow torchvision-structured ResNet-18 (random
//! weights, so the classes it picks mean nothing) on the test photos.

use std::path::PathBuf;

use inference::ImageClassificationInferencer;
use mmconfig::Config;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, checkpoint, images) = match args.as_slice() {
        [config, checkpoint, images @ ..] if !images.is_empty() => (
            PathBuf::from(config),
            checkpoint.clone(),
            images.iter().map(PathBuf::from).collect(),
        ),
        _ => (
            root.join("inference/tests/data/tiny.py"),
            root.join("tests/weights/data/tiny_torchvision.pth")
                .display()
                .to_string(),
            vec![root.join("inference/tests/data/photos")],
        ),
    };

    // The three lines: the config, the inferencer (model, weights, pipeline), a prediction.
    let config = Config::from_file(&config)?;
    let inferencer = ImageClassificationInferencer::new(&config, Some(&checkpoint))?.with_topk(3);
    let images = inference::collect_images(&images)?;
    for result in inferencer.predict_all(&images) {
        let prediction = result?;
        let class = prediction.pred_class.as_deref().unwrap_or("?");
        println!(
            "{}: {} {class} ({:.1}%)",
            prediction.img_path,
            prediction.pred_label,
            prediction.pred_score * 100.0
        );
        assert_eq!(prediction.topk.len(), 3);
    }
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
