//! mmpretrain's data side for Burn: datasets, transforms and samplers registered in
//! [`DATASETS`], [`TRANSFORMS`] and [`DATA_SAMPLERS`], and a dataloader built from an mmengine
//! `*_dataloader` dict that burn-train's `Learner` consumes.
//!
//! ```no_run
//! use datasets::ImageDataLoader;
//! use registry_core::{BuildContext, KeyPath};
//!
//! let config = serde_json::json!({
//!     "batch_size": 32, "num_workers": 2,
//!     "dataset": {"type": "CIFAR10", "data_root": "data/cifar10", "split": "train",
//!                 "pipeline": [{"type": "RandomCrop", "crop_size": 32, "padding": 4},
//!                              {"type": "RandomFlip", "prob": 0.5}, {"type": "PackInputs"}]},
//!     "sampler": {"type": "DefaultSampler", "shuffle": true},
//! });
//! let mut ctx = BuildContext::default().at(KeyPath::root().key("train_dataloader"));
//! let device = ctx.device().clone();
//! let loader = ImageDataLoader::from_config(&config, 42, &device, &mut ctx)?;
//! # Ok::<(), registry_core::BuildError>(())
//! ```

mod cv2_linear;
pub mod dataset;
pub mod datasets;
pub mod decode;
pub mod error;
pub mod idx;
pub mod image;
pub mod loader;
pub mod pad;
pub mod photometric;
pub mod pickle;
mod registries;
pub mod resize;
pub mod rng;
pub mod sample;
pub mod sampler;
pub mod samplers;
pub mod transform;
pub mod transforms;
pub mod warp_affine;

pub use dataset::ImageDataset;
pub use error::DataError;
pub use image::Image;
pub use loader::{DataLoaderConfig, ImageBatch, ImageDataLoader};
pub use registries::{DATA_SAMPLERS, DATASETS, TRANSFORMS};
pub use sample::{Packed, Sample};
pub use sampler::DataSampler;
pub use transform::{Pipeline, Transform};
