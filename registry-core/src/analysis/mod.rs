//! Model analysis, as mmengine's `mmengine.analysis`: parameters per module, and FLOPs counted
//! from the operations a forward pass records on Burn's capture device (nothing is computed,
//! no weight is allocated).

mod complexity;
mod summary;

pub use complexity::{Complexity, ComplexityError, LayerComplexity, complexity};
pub use summary::{ModuleRow, module_summary};
