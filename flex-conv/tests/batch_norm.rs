//! `batch_norm_train`: output, statistics and gradients (input, γ, β) against Burn's own
//! `batch_norm_train` on Flex, with and without autodiff.

use burn::tensor::module::batch_norm_train as burns;
use burn::tensor::{Device, Tensor};
use flex_conv::batch_norm_train;

mod common;

use common::{assert_close, values};

fn random<const D: usize>(shape: [usize; D], device: &Device) -> Tensor<D> {
    common::random(shape, device, [0.5, 2.0])
}

type Norm =
    fn(Tensor<4>, Tensor<1>, Tensor<1>, f64) -> burn::tensor::module::BatchNormTrainOutput<4>;

/// Output, mean, variance and the gradients of `sum(output · r)` by `norm`.
fn run(norm: Norm, [x, r]: &[Tensor<4>; 2], [gamma, beta]: &[Tensor<1>; 2]) -> [Vec<f32>; 6] {
    let x = x.clone().require_grad();
    let (gamma, beta) = (gamma.clone().require_grad(), beta.clone().require_grad());
    let out = norm(x.clone(), gamma.clone(), beta.clone(), 1e-5);
    let grads = (out.output.clone() * r.clone()).sum().backward();
    [
        values(out.output),
        values(out.mean),
        values(out.variance),
        values(x.grad(&grads).expect("input grad")),
        values(gamma.grad(&grads).expect("gamma grad")),
        values(beta.grad(&grads).expect("beta grad")),
    ]
}

fn check(shape: [usize; 4], device: &Device) {
    let tensors = [random(shape, device), random(shape, device)];
    let affine = [random([shape[1]], device), random([shape[1]], device)];
    let expected = run(burns, &tensors, &affine);
    let actual = run(batch_norm_train, &tensors, &affine);
    let names = [
        "output",
        "mean",
        "variance",
        "input grad",
        "gamma grad",
        "beta grad",
    ];
    for ((name, a), e) in names.iter().zip(actual).zip(expected) {
        assert_close(&format!("{shape:?} {name}"), a, e);
    }
}

#[test]
fn matches_burn_under_autodiff() {
    let device = Device::flex().autodiff();
    for shape in [[7, 5, 9, 11], [2, 64, 28, 28], [16, 3, 2, 2], [3, 4, 1, 1]] {
        check(shape, &device);
    }
}

#[test]
fn gradient_checkpointing_keeps_the_gradients() {
    check(
        [4, 6, 5, 5],
        &Device::flex().autodiff().gradient_checkpointing(),
    );
}

#[test]
fn without_autodiff_it_is_burns_output() {
    let device = Device::flex();
    let x = random([3, 5, 4, 6], &device);
    let (gamma, beta) = (random([5], &device), random([5], &device));
    let expected = burns(x.clone(), gamma.clone(), beta.clone(), 1e-3);
    let actual = batch_norm_train(x, gamma, beta, 1e-3);
    assert_close("output", values(actual.output), values(expected.output));
    assert_close("mean", values(actual.mean), values(expected.mean));
    assert_close(
        "variance",
        values(actual.variance),
        values(expected.variance),
    );
}

#[test]
fn statistics_are_detached() {
    let device = Device::flex().autodiff();
    let x = random([2, 3, 4, 4], &device).require_grad();
    let out = batch_norm_train(x, random([3], &device), random([3], &device), 1e-5);
    assert!(out.mean.device().is_autodiff() && out.variance.device().is_autodiff());
    assert!(!out.mean.is_require_grad() && !out.variance.is_require_grad());
}
