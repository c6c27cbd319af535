//! Helpers shared by the tests that compare our kernels with Burn's on Burn tensors (each
//! test binary compiles this module and uses a part of it).
#![allow(dead_code)]

use burn::tensor::{Device, Distribution, Tensor};

/// A tensor of normal values with this mean and standard deviation.
pub fn random<const D: usize>(
    shape: [usize; D],
    device: &Device,
    [mean, std]: [f64; 2],
) -> Tensor<D> {
    Tensor::random(shape, Distribution::Normal(mean, std), device)
}

/// The tensor's values in row-major order.
pub fn values<const D: usize>(tensor: Tensor<D>) -> Vec<f32> {
    tensor.into_data().try_to_vec::<f32>().unwrap()
}

/// Equal within 1e-4 of the larger of 1 and the largest expected magnitude (gradients and
/// statistics sum many values; the order differs between the two implementations).
pub fn assert_close(what: &str, actual: Vec<f32>, expected: Vec<f32>) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths");
    let scale = expected.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    for (i, (a, b)) in actual.iter().zip(&expected).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 * scale,
            "{what} at {i}: {a} vs {b} (scale {scale})"
        );
    }
}
