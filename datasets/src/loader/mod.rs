//! Dataloaders from mmengine's `*_dataloader` dicts, as Burn `DataLoader`s.

mod batch;
mod config;
mod dataloader;
mod iter;

pub use batch::{ImageBatch, collate};
pub use config::DataLoaderConfig;
pub use dataloader::ImageDataLoader;
