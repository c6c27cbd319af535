//! Input batches checked against the model before they are made: a wrong shape is an error
//! naming the argument or file, never a panic inside the model or an abort on allocation.

use anyhow::anyhow;
use registry_core::{Model, SizeLimits};

/// Checks a batch of `dims` (`[N, C, H, W]`) against what `model` takes and the default size
/// limits; `source` says where the batch comes from (`--shape 1,64,64`, `input.npy`).
pub fn check_batch(model: &dyn Model, dims: [usize; 4], source: &str) -> anyhow::Result<()> {
    model
        .input_spec()
        .check(dims, &SizeLimits::default())
        .map_err(|error| anyhow!("{source}: {error}"))
}

/// How `--shape` was written: `C,H,W`.
pub fn shape_source([channels, height, width]: [usize; 3]) -> String {
    format!("--shape {channels},{height},{width}")
}
