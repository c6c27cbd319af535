//! Size limits of a build: every width and the total of the tensors a build declares are
//! checked before anything is allocated, so a hostile config (`base_channels=2**40`) is an
//! error naming its key, never an allocation failure that aborts the process.
//!
//! ```
//! use registry_core::BuildContext;
//!
//! let mut ctx = BuildContext::default();
//! assert_eq!(ctx.check_width("num_classes", 1000).unwrap(), 1000);
//! let error = ctx.check_width("num_classes", 1 << 40).unwrap_err();
//! assert!(error.to_string().starts_with("num_classes: 1099511627776 is over the limit"));
//!
//! ctx.declare("fc", &[1000, 2048]).unwrap();
//! assert_eq!(ctx.declared(), 2_048_000);
//! let error = ctx.declare("fc", &[1 << 20, 1 << 20, 9]).unwrap_err();
//! assert!(error.to_string().contains("9895604649984 elements"));
//! ```

use std::fmt;

use crate::context::BuildContext;
use crate::error::BuildError;
use config_keypath::Segment;

/// The default largest width (channels, features, classes) of one layer: 2²⁴.
pub const DEFAULT_MAX_WIDTH: usize = 1 << 24;

/// The default largest number of elements all the tensors of one build may have together:
/// 2³², 16 GiB of `f32` (BatchNorm statistics included).
pub const DEFAULT_MAX_ELEMENTS: u64 = 1 << 32;

/// The limits a [`BuildContext`] checks sizes against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimits {
    /// The largest width of one layer.
    pub max_width: usize,
    /// The largest number of tensor elements one build may declare.
    pub max_elements: u64,
}

impl Default for SizeLimits {
    fn default() -> Self {
        Self {
            max_width: DEFAULT_MAX_WIDTH,
            max_elements: DEFAULT_MAX_ELEMENTS,
        }
    }
}

impl BuildContext {
    /// Checks the width under `key` (channels, features, classes): at least 1 and at most
    /// [`SizeLimits::max_width`].
    pub fn check_width(&self, key: impl Into<Segment>, width: usize) -> Result<usize, BuildError> {
        let limit = self.size_limits().max_width;
        match width {
            0 => Err(self.invalid(key, "expected at least 1, got 0")),
            width if width > limit => Err(self.invalid(
                key,
                format!(
                    "{width} is over the limit of {limit} on one layer's width \
                     (BuildContext::with_size_limits)"
                ),
            )),
            width => Ok(width),
        }
    }

    /// Declares a tensor of `shape` that the build is about to create, named `what` in the
    /// error: fails if the build's tensors would then have more than
    /// [`SizeLimits::max_elements`] elements together. Call it before creating the tensor;
    /// `what` is only formatted for the error (`format_args!` costs nothing otherwise).
    pub fn declare(&mut self, what: impl fmt::Display, shape: &[usize]) -> Result<(), BuildError> {
        let elements = shape
            .iter()
            .try_fold(1_u128, |product, &dim| product.checked_mul(dim as u128));
        let limit = self.size_limits().max_elements;
        let total = elements.and_then(|elements| elements.checked_add(u128::from(self.declared())));
        match total {
            Some(total) if total <= u128::from(limit) => {
                self.set_declared(total as u64);
                Ok(())
            }
            _ => {
                let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
                let elements = elements.map_or_else(|| "too many".to_owned(), |n| n.to_string());
                Err(self.invalid_here(format!(
                    "{what} ({}, {elements} elements) takes the model over the limit of {limit} \
                     tensor elements; lower the widths or raise the limit \
                     (BuildContext::with_size_limits)",
                    dims.join("×"),
                )))
            }
        }
    }
}
