//! The element-wise cross-entropies and the reduction shared by the losses.

use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Tensor};
use registry_core::{BuildContext, BuildError};
use schemars::JsonSchema;
use serde::Deserialize;

/// How element-wise losses become the scalar to optimise (see the [module docs](super)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Reduction {
    /// Averaged over all elements.
    None,
    /// Summed, divided by the batch size.
    #[default]
    Mean,
    /// Summed.
    Sum,
}

/// Reduces element-wise losses of a batch of `batch` images to shape `[1]`.
pub fn reduce<const D: usize>(loss: Tensor<D>, reduction: Reduction, batch: usize) -> Tensor<1> {
    match reduction {
        Reduction::Mean => loss.sum().div_scalar(batch as f64),
        Reduction::Sum => loss.sum(),
        Reduction::None => loss.mean(),
    }
}

/// A row `[1, C]` of per-class weights on `device`.
pub(crate) fn class_row(weights: &[f32], device: &Device) -> Tensor<2> {
    Tensor::<1>::from_floats(weights, device).unsqueeze::<2>()
}

/// Softmax cross-entropy of `logits` `[N, C]` against score targets `[N, C]`, per image `[N]`:
/// `-Σ_c w_c y_c log softmax(x)_c`. With one-hot targets this is PyTorch's `cross_entropy`
/// (class weights included, not normalised), otherwise mmpretrain's `soft_cross_entropy`.
pub fn softmax_cross_entropy(
    logits: Tensor<2>,
    scores: Tensor<2>,
    class_weight: Option<&[f32]>,
) -> Tensor<1> {
    let device = logits.device();
    let mut loss = scores.neg() * log_softmax(logits, 1);
    if let Some(weights) = class_weight {
        loss = loss * class_row(weights, &device);
    }
    loss.sum_dim(1).squeeze_dim(1)
}

/// Binary cross-entropy with logits, per element `[N, C]`, as PyTorch's
/// `binary_cross_entropy_with_logits`:
/// `w_c [(1 - y) x + (1 + (p_c - 1) y) softplus(-x)]`, computed stably.
pub fn binary_cross_entropy(
    logits: Tensor<2>,
    scores: Tensor<2>,
    class_weight: Option<&[f32]>,
    pos_weight: Option<&[f32]>,
) -> Tensor<2> {
    let device = logits.device();
    // softplus(-x) = max(-x, 0) + log(1 + exp(-|x|))
    let softplus_neg =
        logits.clone().neg().clamp_min(0.0) + logits.clone().abs().neg().exp().log1p();
    let log_weight = match pos_weight {
        Some(weights) => {
            (class_row(weights, &device).sub_scalar(1.0) * scores.clone()).add_scalar(1.0)
        }
        None => scores.ones_like(),
    };
    let mut loss = scores.neg().add_scalar(1.0) * logits + log_weight * softplus_neg;
    if let Some(weights) = class_weight {
        loss = loss * class_row(weights, &device);
    }
    loss
}

/// Checks the weights of a loss config: a finite `loss_weight`, finite `class_weight` and
/// `pos_weight`, and `pos_weight` only for the binary cross-entropy.
pub(crate) fn check_weights(
    loss_weight: f64,
    class_weight: &Option<Vec<f64>>,
    pos_weight: &Option<Vec<f64>>,
    use_sigmoid: bool,
    ctx: &BuildContext,
) -> Result<(), BuildError> {
    if !loss_weight.is_finite() {
        return Err(ctx.invalid(
            "loss_weight",
            format!("expected a finite weight, got {loss_weight}"),
        ));
    }
    for (key, weights) in [("class_weight", class_weight), ("pos_weight", pos_weight)] {
        let non_finite = weights
            .iter()
            .flatten()
            .position(|weight| !weight.is_finite());
        if let Some(index) = non_finite {
            return Err(crate::invalid_item(
                ctx,
                key,
                index,
                "expected a finite weight",
            ));
        }
    }
    if pos_weight.is_some() && !use_sigmoid {
        return Err(ctx.invalid(
            "pos_weight",
            "pos_weight applies only to the binary cross-entropy: set use_sigmoid=True",
        ));
    }
    Ok(())
}

/// `values` as `f32`.
pub(crate) fn to_f32(values: &Option<Vec<f64>>) -> Option<Vec<f32>> {
    values
        .as_ref()
        .map(|values| values.iter().map(|&value| value as f32).collect())
}
