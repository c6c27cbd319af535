//! mmengine's and mmpretrain's samplers, registered in `DATA_SAMPLERS`.

mod default;
mod infinite;
mod repeat_aug;

pub use default::DefaultSampler;
pub use infinite::InfiniteSampler;
pub use repeat_aug::RepeatAugSampler;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// `0..len` shuffled by a generator seeded with `seed`.
pub(crate) fn permutation(len: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    order
}
