//! [`InitError`]: why an `init_cfg` could not be applied.

use crate::error::BuildError;
use checkpoints::CheckpointError;
use config_keypath::KeyPath;

/// An error applying an `init_cfg`, naming where in the model's config it was given
/// (`backbone.init_cfg[1]`).
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The `init_cfg` does not build (unknown `type`, bad argument).
    #[error(transparent)]
    Config(#[from] BuildError),
    /// The `init_cfg` cannot apply to this module (an `override` naming no child, Kaiming on a
    /// one-dimensional weight).
    #[error("{path}: {message}")]
    Invalid {
        /// Where the `init_cfg` is.
        path: KeyPath,
        /// What is wrong.
        message: String,
    },
    /// A `Pretrained` checkpoint could not be fetched, read or loaded.
    #[error("{path}: {source}")]
    Checkpoint {
        /// Where the `init_cfg` is.
        path: KeyPath,
        /// What went wrong.
        source: CheckpointError,
    },
}
