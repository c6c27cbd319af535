//! Per-sample random generators: each sample's draws depend only on the seed, the epoch and
//! its position in the epoch, so any number of workers gives the same batches.

use rand::SeedableRng;
use rand::rngs::StdRng;

/// SplitMix64's finaliser: a well-mixed 64-bit hash of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The generator of the sample at `position` of `epoch`, under `seed`.
pub fn sample_rng(seed: u64, epoch: u64, position: u64) -> StdRng {
    StdRng::seed_from_u64(mix(seed ^ mix(epoch ^ mix(position))))
}
