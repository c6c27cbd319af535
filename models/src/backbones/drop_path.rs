//! [`DropPath`]: stochastic depth on the residual branch.

use burn::module::{Flag, Module, Param};
use burn::tensor::{Distribution, Tensor};

/// Drops the residual branch of whole samples with probability `prob` and rescales the kept
/// ones by `1 / (1 - prob)` (mmcv's `DropPath`, the stochastic depth of `drop_path_rate`).
///
/// Active only when training on an autodiff device: the input must be on an autodiff device
/// and the `training` flag enabled (`Module::valid()` and `freeze()` disable it); otherwise
/// the identity, as in PyTorch's eval mode.
#[derive(Module, Debug)]
pub struct DropPath {
    /// The probability of dropping a sample's branch, in `[0, 1)`.
    pub prob: f64,
    /// Whether stochastic behaviour is enabled.
    pub training: Param<Flag>,
}

impl DropPath {
    /// True when [`forward`](Self::forward) drops paths of `x`: a non-zero probability, in
    /// training mode, on a device with autodiff.
    pub fn is_active(&self, x: &Tensor<4>) -> bool {
        self.prob != 0.0 && self.training.is_enabled() && x.device().is_autodiff()
    }

    /// A drop path dropping with probability `prob` in `[0, 1)`.
    pub fn new(prob: f64) -> Self {
        debug_assert!((0.0..1.0).contains(&prob));
        DropPath {
            prob,
            training: Param::from_bool(true),
        }
    }

    /// Drops samples of `x` (`[N, …]`) at random when training.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        if !self.is_active(&x) {
            return x;
        }
        let keep = 1.0 - self.prob;
        let [batch, _, _, _] = x.dims();
        let mask =
            Tensor::<4>::random([batch, 1, 1, 1], Distribution::Bernoulli(keep), &x.device());
        x * mask.div_scalar(keep)
    }
}
