//! [`InferenceError`]: why a model could not be set up, or an image not classified.

use std::path::PathBuf;

/// An error of the inferencer. Every variant names what was wrong: the config key, the
/// checkpoint file, or the image file or folder.
#[derive(Debug, thiserror::Error)]
pub enum InferenceError {
    /// The config could not be read, or its model, pipeline or classes could not be built;
    /// the message names the key paths (and where they were written).
    #[error("{0}")]
    Config(String),
    /// The checkpoint could not be read, downloaded or loaded (it does not fit the config's
    /// model); the message names the file.
    #[error(transparent)]
    Checkpoint(#[from] checkpoints::CheckpointError),
    /// An input path that is neither an image file nor a folder with images.
    #[error("{}: {message}", path.display())]
    Input {
        /// The path given.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// An image could not be read, transformed or classified.
    #[error("{}: {message}", path.display())]
    Image {
        /// The image file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
}

impl InferenceError {
    /// An error about the image at `path`.
    pub fn image(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        InferenceError::Image {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An error about the input path `path`.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        InferenceError::Input {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl From<mmconfig::ConfigError> for InferenceError {
    fn from(error: mmconfig::ConfigError) -> Self {
        InferenceError::Config(error.to_string())
    }
}
