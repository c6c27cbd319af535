//! Input batches checked against the model before they are made: a wrong shape is an error
//! naming the argument or file, never a panic inside the model or an abort on allocation.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
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

/// Refuses an `.npy` file whose header declares more elements than a `u64` counts, before
/// npyz reads the header (it multiplies the dimensions unchecked). A header without a readable
/// `shape` passes: npyz then says what is wrong.
pub fn check_npy_size(path: &Path) -> anyhow::Result<()> {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(1 << 16).read_to_end(&mut head))
        .with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8_lossy(&head);
    let Some(shape) = text
        .split_once("shape")
        .and_then(|(_, rest)| rest.split_once('('))
        .and_then(|(_, rest)| rest.split_once(')'))
    else {
        return Ok(());
    };
    let dims: Vec<u64> = shape
        .0
        .split(',')
        .filter_map(|dim| dim.trim().parse().ok())
        .collect();
    if dims
        .iter()
        .try_fold(1_u64, |n, &dim| n.checked_mul(dim))
        .is_none()
    {
        bail!(
            "{}: the shape {dims:?} has more elements than can be counted",
            path.display()
        );
    }
    Ok(())
}
