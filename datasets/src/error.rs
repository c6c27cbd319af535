//! What can go wrong while reading data, after a successful build.

use std::path::{Path, PathBuf};

/// A failure reading or transforming one sample, or assembling a batch.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file was read but its content is not what was expected.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What was wrong, and what was expected.
        message: String,
    },
    /// A pipeline step failed on a sample.
    #[error("pipeline[{step}] ({transform}) failed on {sample}: {message}")]
    Transform {
        /// The step's position in the pipeline.
        step: usize,
        /// The step's type.
        transform: &'static str,
        /// The sample: its path, or its index.
        sample: String,
        /// What was wrong.
        message: String,
    },
    /// Samples could not be put into one batch.
    #[error("{0}")]
    Batch(String),
    /// An index past the dataset's end.
    #[error("index {index} is out of range for a dataset of {len} samples")]
    OutOfRange {
        /// The index asked for.
        index: usize,
        /// The dataset's length.
        len: usize,
    },
}

impl DataError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        DataError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// A content error in `path`.
    pub fn format(path: &Path, message: impl Into<String>) -> Self {
        DataError::Format {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}
