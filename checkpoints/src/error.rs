//! [`CheckpointError`]: why a checkpoint could not be read, fetched, loaded or saved.

use std::path::PathBuf;

use super::report::LoadReport;

/// An error reading, downloading, loading or saving a checkpoint. Every variant names the file
/// (or URL) involved; nothing in a checkpoint is ever executed, and bad input is an error,
/// never a panic.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The file could not be opened or parsed (missing, truncated, corrupted, not a checkpoint).
    #[error("cannot read checkpoint {}: {message}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The checkpoint does not fit the model (strict loading): every missing key, unexpected
    /// key and shape mismatch, together.
    #[error("checkpoint {} does not fit the model:\n{report}", path.display())]
    Incompatible {
        /// The file.
        path: PathBuf,
        /// What fits and what does not.
        report: Box<LoadReport>,
    },
    /// Tensors matched by name and shape but their data could not be loaded (a corrupted
    /// storage, a tensor of the wrong kind).
    #[error("checkpoint {}: cannot load {}", path.display(), errors.join("; "))]
    Tensors {
        /// The file.
        path: PathBuf,
        /// One message per tensor.
        errors: Vec<String>,
    },
    /// No key of the checkpoint starts with the requested prefix (`Pretrained`'s `prefix`).
    #[error("checkpoint {}: no key starts with `{prefix}`", path.display())]
    Prefix {
        /// The file.
        path: PathBuf,
        /// The prefix, with its trailing dot.
        prefix: String,
    },
    /// A download failed (bad URL, network error, HTTP error status, checksum mismatch).
    #[error("cannot download {url}: {message}")]
    Download {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The model could not be written.
    #[error("cannot save {}: {message}", path.display())]
    Save {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl CheckpointError {
    /// A read error for `path`.
    pub(crate) fn read(path: impl Into<PathBuf>, message: impl ToString) -> Self {
        CheckpointError::Read {
            path: path.into(),
            message: message.to_string(),
        }
    }

    /// A download error for `url`.
    pub(crate) fn download(url: &str, message: impl ToString) -> Self {
        CheckpointError::Download {
            url: url.to_owned(),
            message: message.to_string(),
        }
    }
}
