//! Classify images with a model built from an mmpretrain-style config and a checkpoint, as
//! mmpretrain's `ImageClassificationInferencer`: the config's test pipeline
//! (`test_dataloader.dataset.pipeline`, else `test_pipeline`, built with the `datasets` crate's
//! TRANSFORMS), the model's data preprocessor (the config's top-level `data_preprocessor` as its
//! default, as mmengine's runner), the checkpoint (the `checkpoints` crate: ours,
//! torchvision's or mmpretrain's `.pth`, `.safetensors`, URLs through torch.hub's cache) and
//! softmax scores, with class names when the config gives them.
//!
//! Three lines classify a photo:
//!
//! ```
//! # let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
//! # let (config, weights, photo) = (data.join("tiny.py"), data.join("../../../tests/weights/data/tiny_torchvision.pth"), data.join("photos/chelsea.png"));
//! let config = mmconfig::Config::from_file(config)?;
//! let inferencer = inference::ImageClassificationInferencer::new(&config, weights.to_str())?;
//! let result = inferencer.predict(photo)?; // img_path, pred_label, pred_score, pred_class, topk
//! # assert_eq!(result.pred_label, result.topk[0].label);
//! # assert!(result.pred_class.is_some());
//! println!("{}: {:?} ({:.3})", result.img_path, result.pred_class, result.pred_score);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`show::annotate`] writes an image with its top-K drawn on it, as mmpretrain's visualizer.

mod classes;
mod error;
mod inferencer;
mod inputs;
mod model;
mod pipeline;
mod prediction;
pub mod show;

pub use classes::class_names;
pub use error::InferenceError;
pub use inferencer::ImageClassificationInferencer;
pub use inputs::{IMAGE_EXTENSIONS, collect_images};
pub use model::describe_build_error;
pub use prediction::{ClassPrediction, TopK};

// The transforms and models the configs name register from these crates.
registry_core::link!(datasets);
registry_core::link!(models);
