//! The sampler trait: the order in which a dataloader visits a dataset.

use std::fmt::Debug;

/// An index order (mmengine's samplers, on one process).
pub trait DataSampler: Send + Sync + Debug {
    /// The indices of `epoch` over `len` samples; `seed` is the loader's, used when the sampler
    /// has none of its own. Infinite samplers never end.
    fn indices(&self, len: usize, epoch: u64, seed: u64) -> Box<dyn Iterator<Item = usize> + Send>;

    /// Whether [`indices`](Self::indices) never ends.
    fn is_infinite(&self) -> bool {
        false
    }
}
