//! Classification losses (mmpretrain's `CrossEntropyLoss` and `LabelSmoothLoss`), registered in
//! `LOSSES` and built from a head's `loss` config.
//!
//! # Reduction, as a head computes it
//!
//! mmpretrain's `ClsHead` calls its loss with `avg_factor = batch size`, so that `reduction`
//! means, for `N` images:
//!
//! - `'mean'` (the default): the sum of the element-wise losses divided by `N` — the mean over
//!   images for softmax losses, and for sigmoid (binary) losses the sum over classes averaged
//!   over images;
//! - `'sum'`: the sum of the element-wise losses (mmpretrain's head raises for this;
//!   `LossOutput` needs a scalar, so it is honoured as the plain sum);
//! - `'none'`: the element-wise losses, averaged into the scalar to optimise, as mmengine's
//!   `parse_losses` averages a loss tensor.
//!
//! A loss's value is then multiplied by its `loss_weight`.

mod cross_entropy;
mod functional;
mod label_smooth;

pub use cross_entropy::{CrossEntropyLoss, CrossEntropyLossConfig};
pub use functional::{Reduction, binary_cross_entropy, reduce, softmax_cross_entropy};
pub use label_smooth::{LabelSmoothLoss, LabelSmoothLossConfig, SmoothMode};

use registry_core::erased::DynModule;
use registry_core::{Loss, LossKind};

/// Checks a loss built here against the head's class count: the length of `class_weight` and
/// `pos_weight`, and `LabelSmoothLoss`'s `num_classes`. The key and message of the first
/// mismatch; `Ok` for losses from elsewhere.
pub(crate) fn check_classes(loss: &dyn Loss, num_classes: usize) -> Result<(), (String, String)> {
    let any = DynModule::<LossKind>::as_any(loss);
    if let Some(loss) = any.downcast_ref::<CrossEntropyLoss>() {
        check_weight_lengths(&loss.class_weight, &loss.pos_weight, num_classes)
    } else if let Some(loss) = any.downcast_ref::<LabelSmoothLoss>() {
        if let Some(expected) = loss.num_classes
            && expected != num_classes
        {
            return Err((
                "num_classes".into(),
                format!("the loss expects {expected} classes, the head has {num_classes}"),
            ));
        }
        check_weight_lengths(&loss.ce.class_weight, &loss.ce.pos_weight, num_classes)
    } else {
        Ok(())
    }
}

fn check_weight_lengths(
    class_weight: &Option<Vec<f32>>,
    pos_weight: &Option<Vec<f32>>,
    num_classes: usize,
) -> Result<(), (String, String)> {
    for (key, weights) in [("class_weight", class_weight), ("pos_weight", pos_weight)] {
        if let Some(weights) = weights
            && weights.len() != num_classes
        {
            return Err((
                key.into(),
                format!(
                    "expected one weight per class ({num_classes}), got {}",
                    weights.len()
                ),
            ));
        }
    }
    Ok(())
}
