//! [`LoadReport`]: what a checkpoint gave the model, and what did not fit.

use std::fmt;

/// A tensor whose shape differs between the checkpoint and the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeMismatch {
    /// The key in the checkpoint (`fc.weight`).
    pub key: String,
    /// The parameter in the model (`head.fc.weight`).
    pub path: String,
    /// The tensor's shape in the checkpoint.
    pub checkpoint: Vec<usize>,
    /// The parameter's shape, in the checkpoint's layout (a Linear weight as PyTorch's
    /// `[out, in]` in a PyTorch checkpoint).
    pub model: Vec<usize>,
}

/// A parameter of the model that no checkpoint key fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingKey {
    /// The key the parameter was looked for under (`layer1.0.bn1.weight`).
    pub key: String,
    /// The parameter in the model (`backbone.layer1.0.bn1.gamma`).
    pub path: String,
}

/// The outcome of loading a checkpoint, as PyTorch's `load_state_dict` reports it: loaded
/// parameters, missing keys, unexpected keys and shape mismatches.
///
/// Strict loading fails unless [`is_exact`](Self::is_exact); non-strict loading loads every
/// tensor that fits and returns the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The key map the checkpoint's names were read with (`torchvision`, `mmpretrain`, …).
    pub key_map: String,
    /// The model's parameters that were loaded, by path.
    pub loaded: Vec<String>,
    /// The model's parameters the checkpoint lacks.
    pub missing: Vec<MissingKey>,
    /// The checkpoint's keys no parameter takes.
    pub unexpected: Vec<String>,
    /// Keys present on both sides with different shapes; these parameters keep their values.
    pub mismatched: Vec<ShapeMismatch>,
    /// Checkpoint keys that have no counterpart by design and are skipped silently
    /// (BatchNorm's `num_batches_tracked`).
    pub ignored: Vec<String>,
}

impl LoadReport {
    /// Whether every parameter was loaded and every checkpoint key used.
    pub fn is_exact(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty() && self.mismatched.is_empty()
    }
}

/// `[2, 3]` for a shape.
fn shape(dims: &[usize]) -> String {
    let dims: Vec<String> = dims.iter().map(usize::to_string).collect();
    format!("[{}]", dims.join(", "))
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} parameters loaded (key map `{}`)",
            self.loaded.len(),
            self.key_map
        )?;
        if !self.missing.is_empty() {
            write!(
                f,
                "\nmissing keys ({}, in the model but not the checkpoint):",
                self.missing.len()
            )?;
            for missing in &self.missing {
                write!(f, "\n  {} (model: {})", missing.key, missing.path)?;
            }
        }
        if !self.unexpected.is_empty() {
            write!(
                f,
                "\nunexpected keys ({}, in the checkpoint but not the model):",
                self.unexpected.len()
            )?;
            for key in &self.unexpected {
                write!(f, "\n  {key}")?;
            }
        }
        if !self.mismatched.is_empty() {
            write!(f, "\nshape mismatches ({}):", self.mismatched.len())?;
            for mismatch in &self.mismatched {
                write!(
                    f,
                    "\n  {} (model: {}): checkpoint {}, model {}",
                    mismatch.key,
                    mismatch.path,
                    shape(&mismatch.checkpoint),
                    shape(&mismatch.model)
                )?;
            }
        }
        Ok(())
    }
}
