//! Checkpoints: reading PyTorch (`.pth`), `.safetensors` and Burn's burnpack files into
//! models built from configs, downloading them by URL into torch.hub's cache, and saving models
//! in PyTorch's names so that their weights go back to PyTorch.
//!
//! - [`Checkpoint`]: a file's tensors by key; [`Checkpoint::load_into`] loads them into any
//!   Burn module, strictly by default ([`LoadOptions`]), and returns a [`LoadReport`] (missing
//!   keys, unexpected keys, shape mismatches with both shapes) as PyTorch's `load_state_dict`.
//! - [`KeyMap`]: how the model's parameter paths read in a checkpoint, as renaming rules per
//!   layer or block type (`Downsample.conv` is PyTorch's `downsample.0`), never per key.
//! - [`CheckpointCache`]: `http(s)://` checkpoints downloaded once into
//!   `$TORCH_HOME/hub/checkpoints`, with a progress bar and torch.hub's hash check.
//! - [`save_safetensors`], [`save_burnpack`]: writing a model.
//!
//! Pickle files are read as data: burn-store's reader interprets the pickle's opcodes itself
//! and never runs Python code, whatever the file holds. Truncated or corrupted files are
//! errors naming the file, never panics.
//!
//! ```
//! use registry_core::checkpoint::{Checkpoint, KeyMap, LoadOptions, save_safetensors};
//! use registry_core::burn::{nn::{Linear, LinearConfig}, tensor::Device};
//!
//! let path = std::env::temp_dir().join("registry-core-doc-mismatch.safetensors");
//! let small: Linear = LinearConfig::new(3, 2).init(&Device::flex());
//! save_safetensors(&small, &path, &KeyMap::pytorch())?;
//!
//! let mut large: Linear = LinearConfig::new(3, 5).init(&Device::flex());
//! let error = Checkpoint::open(&path)?.load_into(&mut large, &LoadOptions::new()).unwrap_err();
//! assert!(error.to_string().contains("weight (model: weight): checkpoint [2, 3], model [5, 3]"));
//!
//! // Not strict: what fits is loaded, the rest reported.
//! let report = Checkpoint::open(&path)?.load_into(&mut large, &LoadOptions::new().strict(false))?;
//! assert_eq!(report.mismatched.len(), 2);
//! # Ok::<(), registry_core::checkpoint::CheckpointError>(())
//! ```

mod cache;
mod download;
mod error;
mod key_map;
mod load;
mod options;
mod read;
mod report;
mod save;
mod tree;

pub use cache::{CheckpointCache, hash_prefix};
pub use error::CheckpointError;
pub use key_map::KeyMap;
pub use load::Checkpoint;
pub use options::LoadOptions;
pub use read::Format;
pub use report::{LoadReport, MissingKey, ShapeMismatch};
pub use save::{save_burnpack, save_safetensors};
pub(crate) use tree::map as tree_map;
pub use tree::{ModuleTree, ParamSlot, Step, param_slots};
