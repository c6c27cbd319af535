//! OpenMMLab-style registries for Burn.
//!
//! TODO(crate docs)

extern crate self as registry_core;

mod buildable;
mod components;
mod context;
mod entry;
pub mod erased;
mod error;
mod index;
pub mod layers;
mod params;
mod path;
mod registry;
mod root;
mod suggest;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use buildable::{Buildable, Upcast};
pub use components::*;
pub use context::{BuildContext, DEFAULT_MAX_DEPTH};
pub use entry::{EntryInfo, Location};
pub use error::{BuildError, Conflict, ErrorKind};
pub use params::{BUFFER_NAMES, count_parameters};
pub use path::{KeyPath, Segment};
pub use registry::Registry;
pub use registry_macros::register_module;
pub use root::*;

pub use burn;
