//! Necks: feature maps to feature vectors.

mod gap;

pub use gap::{GapConfig, GlobalAveragePooling};
