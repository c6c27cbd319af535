//! Saving a model: `.safetensors` in another framework's names and layout, or Burn's own
//! burnpack.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use burn::module::Module;
use burn::store::burn_pack::Tensor as PackTensor;
use burn::store::{
    BurnToPyTorchAdapter, BurnpackStore, ModuleAdapter, ModuleContext, ModuleSnapshot,
    SafetensorsStore,
};

use super::error::CheckpointError;
use super::key_map::KeyMap;

/// Writes `module`'s parameters and buffers to `path` as `.safetensors`, named by `key_map`
/// and in PyTorch's layout (Linear weights `[out, in]`), replacing any file there at once
/// (written beside it, then renamed).
///
/// With a model's torchvision key map, the file loads into torchvision's model with
/// `model.load_state_dict(safetensors.torch.load_file(path))`.
///
/// ```
/// use checkpoints::{Checkpoint, KeyMap, LoadOptions, save_safetensors};
/// use burn::{nn::{Linear, LinearConfig}, tensor::Device};
///
/// let linear: Linear = LinearConfig::new(3, 2).init(&Device::flex());
/// let path = std::env::temp_dir().join("registry-core-doc-linear.safetensors");
/// save_safetensors(&linear, &path, &KeyMap::pytorch())?;
/// let checkpoint = Checkpoint::open(&path)?;
/// assert_eq!(checkpoint.shape("weight"), Some(&[2, 3][..])); // PyTorch's [out, in]
/// let mut copy: Linear = LinearConfig::new(3, 2).init(&Device::flex());
/// assert!(checkpoint.load_into(&mut copy, &LoadOptions::new())?.is_exact());
/// # Ok::<(), checkpoints::CheckpointError>(())
/// ```
pub fn save_safetensors<M: Module>(
    module: &M,
    path: impl AsRef<Path>,
    key_map: &KeyMap,
) -> Result<(), CheckpointError> {
    let path = path.as_ref();
    let keys: HashMap<String, String> = key_map.keys(module).into_iter().collect();
    let mut store = SafetensorsStore::from_file(path)
        .overwrite(true)
        .with_to_adapter(Rename {
            keys: Arc::new(keys),
        });
    module
        .save_into(&mut store)
        .map_err(|error| CheckpointError::Save {
            path: path.to_owned(),
            message: error.to_string(),
        })
}

/// Writes `module` to `path` in Burn's burnpack format (Burn's paths and layout), replacing
/// any file there at once. [`Checkpoint::open`](super::Checkpoint::open) reads it back.
pub fn save_burnpack<M: Module>(module: &M, path: impl AsRef<Path>) -> Result<(), CheckpointError> {
    let path = path.as_ref();
    let mut store = BurnpackStore::from_file(path)
        .auto_extension(false)
        .overwrite(true);
    module
        .save_into(&mut store)
        .map_err(|error| CheckpointError::Save {
            path: path.to_owned(),
            message: error.to_string(),
        })
}

/// PyTorch's layout, then each parameter's key from the key map.
#[derive(Clone)]
struct Rename {
    keys: Arc<HashMap<String, String>>,
}

impl ModuleAdapter for Rename {
    fn adapt(&self, tensor: PackTensor, ctx: ModuleContext<'_>) -> PackTensor {
        let path = tensor.name.clone();
        let mut tensor = BurnToPyTorchAdapter.adapt(tensor, ctx);
        if let Some(key) = self.keys.get(&path) {
            tensor.name = key.clone();
        }
        tensor
    }

    fn clone_box(&self) -> Box<dyn ModuleAdapter> {
        Box::new(self.clone())
    }
}
