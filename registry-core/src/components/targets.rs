//! [`Targets`]: what a loss compares logits against.

use burn::tensor::{Int, Tensor};

/// Ground truth of a batch: class indices, or class scores once a batch augment such as Mixup
/// has blended images (mmpretrain's `gt_label` / `gt_score`).
#[derive(Debug, Clone)]
pub enum Targets {
    /// One class index per image, `[N]`.
    Labels(Tensor<1, Int>),
    /// A score per class per image, `[N, num_classes]`, rows summing to 1.
    Scores(Tensor<2>),
}

impl Targets {
    /// The targets as scores `[N, num_classes]`: one-hot for labels.
    pub fn to_scores(&self, num_classes: usize) -> Tensor<2> {
        match self {
            Targets::Labels(labels) => labels.clone().one_hot(num_classes).float(),
            Targets::Scores(scores) => scores.clone(),
        }
    }

    /// The number of images.
    pub fn len(&self) -> usize {
        match self {
            Targets::Labels(labels) => labels.dims()[0],
            Targets::Scores(scores) => scores.dims()[0],
        }
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
