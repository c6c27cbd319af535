//! [`Sampler`]: the values an initializer gives one parameter.

use burn::tensor::{Device, Distribution, Shape, Tensor};

/// How many times out-of-range values of a truncated normal are redrawn before the rest are
/// clamped (each round keeps ≥ 95 % of them inside for mmengine's default `a=-2, b=2`).
const TRUNCATION_ROUNDS: usize = 16;

/// A distribution for a parameter's new values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sampler {
    /// Every value `val`.
    Constant(f64),
    /// Normal with this mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std: f64,
    },
    /// Normal with this mean and standard deviation, restricted to `[a, b]` (absolute bounds,
    /// as PyTorch's `trunc_normal_`).
    TruncNormal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std: f64,
        /// Lower bound.
        a: f64,
        /// Upper bound.
        b: f64,
    },
    /// Uniform in `[low, high)`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
}

impl Sampler {
    /// A tensor of `shape` on `device` drawn from this distribution.
    pub fn sample<const D: usize>(&self, shape: Shape, device: &Device) -> Tensor<D> {
        match *self {
            Sampler::Constant(value) => Tensor::full(shape, value, device),
            Sampler::Normal { mean, std } => {
                Tensor::random(shape, Distribution::Normal(mean, std), device)
            }
            Sampler::Uniform { low, high } => {
                Tensor::random(shape, Distribution::Uniform(low, high), device)
            }
            Sampler::TruncNormal { mean, std, a, b } => {
                let normal = Distribution::Normal(mean, std);
                let mut values = Tensor::<D>::random(shape.clone(), normal, device);
                for _ in 0..TRUNCATION_ROUNDS {
                    let outside = values
                        .clone()
                        .lower_elem(a)
                        .bool_or(values.clone().greater_elem(b));
                    if !outside.clone().any().into_scalar::<bool>() {
                        break;
                    }
                    let redrawn = Tensor::random(shape.clone(), normal, device);
                    values = values.mask_where(outside, redrawn);
                }
                values.clamp(a, b)
            }
        }
    }
}
