//! Reading a checkpoint file's tensors, whatever its format, without executing anything.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use burn::store::burn_pack::{MAGIC_NUMBER, Tensor as PackTensor};
use burn::store::pytorch_reader::PytorchReader;
use burn::store::{BurnpackStore, ModuleStore, SafetensorsStore, bridge};

use super::error::CheckpointError;

/// The format of a checkpoint file, detected from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckpointFormat {
    /// PyTorch's `torch.save` (`.pth`, `.pt`): read as data by burn-store's pickle reader,
    /// which interprets the pickle's opcodes and never runs Python code. PyTorch layout
    /// (Linear weights `[out, in]`).
    Pytorch,
    /// `.safetensors`, in PyTorch layout.
    Safetensors,
    /// Burn's own burnpack format (`.bpk`): Burn's paths and layout.
    Burnpack,
}

impl CheckpointFormat {
    /// Whether tensors are stored in PyTorch's layout and names (`weight`, `[out, in]`).
    pub fn is_pytorch_layout(self) -> bool {
        !matches!(self, CheckpointFormat::Burnpack)
    }
}

/// The format of the file at `path`, from its first bytes.
fn detect(path: &Path) -> Result<CheckpointFormat, CheckpointError> {
    let mut header = Vec::with_capacity(16);
    std::fs::File::open(path)
        .and_then(|file| file.take(16).read_to_end(&mut header))
        .map_err(|error| CheckpointError::read(path, error))?;
    if header.len() < 8 {
        return Err(CheckpointError::read(
            path,
            format!("the file holds {} bytes: empty or truncated", header.len()),
        ));
    }
    let word = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
    let length = u64::from_le_bytes(header[..8].try_into().unwrap_or_default());
    Ok(if word == MAGIC_NUMBER {
        CheckpointFormat::Burnpack
    } else if header.get(8) == Some(&b'{') && length < 100_000_000 {
        CheckpointFormat::Safetensors
    } else {
        CheckpointFormat::Pytorch
    })
}

/// Every tensor of the file at `path`, by key, loading nothing yet.
pub(crate) fn read_tensors(
    path: &Path,
) -> Result<(CheckpointFormat, BTreeMap<String, PackTensor>), CheckpointError> {
    let format = detect(path)?;
    let error = |error: &dyn std::fmt::Display| CheckpointError::read(path, error);
    let tensors = match format {
        CheckpointFormat::Pytorch => PytorchReader::new(path)
            .map_err(|e| error(&e))?
            .into_tensors()
            .into_iter()
            .map(|(key, tensor)| (key, bridge::from_pytorch(tensor)))
            .collect(),
        CheckpointFormat::Safetensors => SafetensorsStore::from_file(path)
            .get_all_tensors()
            .map_err(|e| error(&e))?
            .clone(),
        CheckpointFormat::Burnpack => BurnpackStore::from_file(path)
            .auto_extension(false)
            .get_all_tensors()
            .map_err(|e| error(&e))?
            .clone(),
    };
    Ok((format, unwrap(tensors)))
}

/// The model's weights out of a training checkpoint, as mmengine's `load_checkpoint` finds
/// them: the `state_dict` entry if there is one (next to `meta`, `optimizer`, …), with
/// `DataParallel`'s `module.` prefix removed.
fn unwrap(tensors: BTreeMap<String, PackTensor>) -> BTreeMap<String, PackTensor> {
    let tensors = strip_prefix(tensors, "state_dict.", false);
    strip_prefix(tensors, "module.", true)
}

/// With `all`, removes `prefix` if every key has it; otherwise keeps only the keys with
/// `prefix` (if any has it), without it.
fn strip_prefix(
    tensors: BTreeMap<String, PackTensor>,
    prefix: &str,
    all: bool,
) -> BTreeMap<String, PackTensor> {
    let applies = if all {
        !tensors.is_empty() && tensors.keys().all(|key| key.starts_with(prefix))
    } else {
        tensors.keys().any(|key| key.starts_with(prefix))
    };
    if !applies {
        return tensors;
    }
    tensors
        .into_iter()
        .filter_map(|(key, mut tensor)| {
            let key = key.strip_prefix(prefix)?.to_owned();
            tensor.name = key.clone();
            Some((key, tensor))
        })
        .collect()
}
