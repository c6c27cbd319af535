//! Load torchvision weights (a `.pth` file, read as data: the pickle is never executed) into a
//! ResNet built from a config, and classify a batch with them.
//!
//! ```sh
//! cargo run -p examples --example torchvision_weights
//! cargo run -p examples --example torchvision_weights -- resnet18-f37072fd.pth input.npy   # torchvision's own ResNet-18
//! ```
//!
//! Without arguments it uses the narrow torchvision-structured ResNet-18 of the test data
//! (`tests/weights/data`, made by PyTorch), whose logits PyTorch also computed, and checks ours.

use std::path::{Path, PathBuf};

use checkpoints::{Checkpoint, LoadOptions};
use registry_core::MODELS;
use registry_core::burn::module::Module;
use registry_core::burn::tensor::{Device, Tensor, TensorData};
use serde_json::json;

registry_core::link!(models);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/weights/data");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (weights, input, width) = match args.as_slice() {
        [weights, input] => (PathBuf::from(weights), PathBuf::from(input), 64),
        _ => (
            data.join("tiny_torchvision.pth"),
            data.join("tiny_input.npy"),
            4,
        ),
    };

    // torchvision's ResNet-18 as an mmpretrain config; `width` 4 is the test data's narrow one.
    let config = json!({
        "type": "ImageClassifier",
        "backbone": {"type": "ResNet", "depth": 18, "stem_channels": width, "base_channels": width},
        "neck": {"type": "GlobalAveragePooling"},
        "head": {"type": "LinearClsHead", "num_classes": if width == 4 { 10 } else { 1000 },
                 "in_channels": width * 8},
    });
    let mut model = MODELS.build(&config)?;

    // torchvision's names (`layer1.0.downsample.0.weight`) map onto ours by rules per layer type.
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    let report = Checkpoint::open(&weights)?.load_into(&mut model, &options)?;
    println!(
        "{}: {} tensors loaded ({} key names)",
        weights.display(),
        report.loaded.len(),
        report.key_map
    );

    let images = read_npy::<4>(&input)?;
    let prediction = model.valid().predict(images);
    let labels = prediction
        .labels
        .into_data()
        .convert::<i64>()
        .try_to_vec::<i64>()?;
    let scores = prediction
        .scores
        .max_dim(1)
        .into_data()
        .convert::<f32>()
        .try_to_vec::<f32>()?;
    for (image, (label, score)) in labels.iter().zip(&scores).enumerate() {
        println!("image {image}: class {label} ({:.1}%)", score * 100.0);
    }
    if args.is_empty() {
        // PyTorch's logits for the same weights and input: the same classes.
        let expected = read_npy::<2>(&data.join("tiny_logits.npy"))?.argmax(1);
        let expected = expected.into_data().convert::<i64>().try_to_vec::<i64>()?;
        assert_eq!(labels, expected, "torchvision predicts other classes");
    }
    Ok(())
}

/// A float32, C-ordered `.npy` array of `D` dimensions.
fn read_npy<const D: usize>(path: &Path) -> Result<Tensor<D>, Box<dyn std::error::Error>> {
    let file = npyz::NpyFile::new(std::fs::File::open(path)?)?;
    let shape: Vec<usize> = file.shape().iter().map(|&d| d as usize).collect();
    if shape.len() != D {
        return Err(format!("{}: expected {D} dimensions, got {shape:?}", path.display()).into());
    }
    let values: Vec<f32> = file.into_vec()?;
    Ok(Tensor::from_data(
        TensorData::new(values, shape),
        &Device::flex(),
    ))
}

#[test]
fn runs() {
    main().unwrap();
}
