//! Whole models: [`ImageClassifier`] and its data preprocessor.

mod image;
mod preprocessor;
mod runner_model;

pub use image::{ImageClassifier, ImageClassifierConfig, TrainCfg};
pub use preprocessor::ClsDataPreprocessor;
pub use runner_model::runner_model_config;
