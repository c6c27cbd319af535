//! Top-k accuracy, as mmpretrain's `Accuracy.calculate` computes it during training.

use burn::tensor::{Int, Tensor};

/// The top-`k` accuracy in percent of `scores` `[N, C]` against `labels` `[N]`, one `[1]`
/// tensor per `k` of `topk`, detached.
///
/// As mmpretrain's `Accuracy.calculate(scores, labels, topk)` with its default threshold
/// `thrs=(0.,)`: an image counts as correct when its label is among its `k` highest scores
/// *and* that score is above 0. `ClsHead` passes raw logits, so a correct class with a
/// non-positive logit does not count. Every `k` is at most `C` (checked when the head is built).
pub fn topk_accuracy(scores: Tensor<2>, labels: Tensor<1, Int>, topk: &[usize]) -> Vec<Tensor<1>> {
    let [batch, _] = scores.dims();
    let max_k = topk.iter().copied().max().unwrap_or(1);
    let scores = scores.detach();
    let labels = labels.to_device(&scores.device());
    let (values, indices) = scores.topk_with_indices(max_k, 1);
    let correct = indices
        .equal(labels.unsqueeze_dim::<2>(1).expand([batch, max_k]))
        .bool_and(values.greater_elem(0.0))
        .float();
    topk.iter()
        .map(|&k| {
            correct
                .clone()
                .slice([0..batch, 0..k])
                .sum()
                .mul_scalar(100.0 / batch as f64)
        })
        .collect()
}
