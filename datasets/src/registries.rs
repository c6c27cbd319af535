//! The data registries, as mmengine's root `DATASETS`, `TRANSFORMS` and `DATA_SAMPLERS`.

use registry_core::{Registry, Upcast};

use crate::dataset::ImageDataset;
use crate::sampler::DataSampler;
use crate::transform::Transform;

/// Datasets (`CustomDataset`, `ImageNet`, `CIFAR10`, `MNIST`, …): indexed samples and their pipeline.
pub static DATASETS: Registry<Box<dyn ImageDataset>> = Registry::new("DATASETS");

/// Pipeline steps (`LoadImageFromFile`, `RandomResizedCrop`, `PackInputs`, …).
pub static TRANSFORMS: Registry<Box<dyn Transform>> = Registry::new("TRANSFORMS");

/// Index orders for dataloaders (`DefaultSampler`, `InfiniteSampler`, `RepeatAugSampler`).
pub static DATA_SAMPLERS: Registry<Box<dyn DataSampler>> = Registry::new("DATA_SAMPLERS");

impl<T: ImageDataset + 'static> Upcast<T> for Box<dyn ImageDataset> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

impl<T: Transform + 'static> Upcast<T> for Box<dyn Transform> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

impl<T: DataSampler + 'static> Upcast<T> for Box<dyn DataSampler> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}
