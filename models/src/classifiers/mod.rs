//! Whole models: [`ImageClassifier`] and its data preprocessor.

mod image;
mod preprocessor;

pub use image::{ImageClassifier, ImageClassifierConfig, TrainCfg};
pub use preprocessor::ClsDataPreprocessor;
