#![doc = include_str!("../README.md")]

mod cache;
#[cfg(feature = "download")]
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
pub use read::CheckpointFormat;
pub use report::{LoadReport, MissingKey, ShapeMismatch};
pub use save::{save_burnpack, save_safetensors};
pub use tree::{
    DynMapper, DynParam, DynVisitor, MapperFromDyn, MapperToDyn, ModuleTree, ParamSlot, Step,
    VisitorFromDyn, VisitorToDyn, map_with, param_slots, visit_with,
};
