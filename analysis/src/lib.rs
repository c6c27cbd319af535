#![doc = include_str!("../README.md")]

mod complexity;
mod summary;

pub use complexity::{Complexity, ComplexityError, LayerComplexity, complexity};
pub use summary::{ModuleRow, module_summary};
