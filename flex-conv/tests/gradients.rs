//! `differentiable_conv2d`: outputs and gradients (input, weight, bias) against Burn's own
//! `conv2d` under autodiff on Flex, on odd shapes; and the slice-level gradient kernels.

use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor};
use flex_conv::differentiable_conv2d;
use flex_conv::{Conv2dShape, ConvError, conv2d_input_grad, conv2d_weight_grad};
use proptest::prelude::*;

mod common;

use common::{assert_close, values};

fn random<const D: usize>(shape: [usize; D], device: &Device) -> Tensor<D> {
    common::random(shape, device, [0.0, 1.0])
}

/// One convolution: `(input, weight, stride, padding, dilation, groups)`.
type Case = ([usize; 4], [usize; 4], usize, usize, usize, usize);

type Conv = fn(Tensor<4>, Tensor<4>, Option<Tensor<1>>, ConvOptions<2>) -> Tensor<4>;

/// Output and gradients (input, weight, bias) of `sum((conv(x, w) + b) · r)` by `conv`.
fn run(conv: Conv, [x, w, b, r]: &[Tensor<4>; 4], options: ConvOptions<2>) -> [Vec<f32>; 4] {
    let (x, w) = (x.clone().require_grad(), w.clone().require_grad());
    let b = b.clone().flatten::<1>(0, 3).require_grad();
    let out = conv(x.clone(), w.clone(), Some(b.clone()), options);
    let grads = (out.clone() * r.clone()).sum().backward();
    let grad = |t: &Tensor<4>| values(t.grad(&grads).expect("a gradient"));
    [
        values(out),
        grad(&x),
        grad(&w),
        values(b.grad(&grads).expect("a gradient")),
    ]
}

/// Ours against Burn's `conv2d` on the same random tensors.
fn check(case: Case, device: &Device) {
    let (input, weight, stride, padding, dilation, groups) = case;
    let options = ConvOptions::new([stride; 2], [padding; 2], [dilation; 2], groups);
    let (x, w) = (random(input, device), random(weight, device));
    let out_dims = conv2d(x.clone(), w.clone(), None, options.clone()).dims();
    let tensors = [
        x,
        w,
        random([1, weight[0], 1, 1], device),
        random(out_dims, device),
    ];
    let expected = run(conv2d, &tensors, options.clone());
    let actual = run(differentiable_conv2d, &tensors, options);
    for ((what, a), e) in ["output", "input grad", "weight grad", "bias grad"]
        .into_iter()
        .zip(actual)
        .zip(expected)
    {
        assert_close(&format!("{case:?} {what}"), a, e);
    }
}

#[test]
fn gradients_match_burn_on_odd_shapes() {
    let device = Device::flex().autodiff();
    let cases: [Case; 12] = [
        // The stem: 7×7 stride 2 padding 3, batch 7, 3 channels.
        ([7, 3, 23, 21], [8, 3, 7, 7], 2, 3, 1, 1),
        // 3×3 stride 1 (input grad as a convolution), channels not a multiple of the SIMD width.
        ([1, 13, 9, 11], [11, 13, 3, 3], 1, 1, 1, 1),
        // 3×3 stride 2 (col2im).
        ([2, 11, 10, 9], [13, 11, 3, 3], 2, 1, 1, 1),
        // 1×1 stride 1 and stride 2 (a ResNet downsample).
        ([2, 16, 8, 8], [12, 16, 1, 1], 1, 0, 1, 1),
        ([2, 16, 8, 8], [12, 16, 1, 1], 2, 0, 1, 1),
        // Grouped and dilated (ResNeXt's 3×3), padding 2.
        ([3, 32, 7, 9], [32, 4, 3, 3], 1, 2, 2, 8),
        // More padding than the kernel reaches (the input grad's general path), padding 0.
        ([2, 5, 6, 7], [4, 5, 3, 3], 1, 3, 1, 1),
        ([2, 5, 6, 7], [4, 5, 3, 3], 1, 0, 1, 1),
        // Enough channels and pixels that the input grad's convolution runs Winograd.
        ([2, 16, 24, 24], [128, 16, 3, 3], 1, 1, 1, 1),
        // Weight gradients over 512 KiB, summed by blocks of input channels: uneven blocks
        // (75 channels), grouped and strided, pointwise.
        ([2, 75, 6, 6], [256, 75, 3, 3], 1, 1, 1, 1),
        ([2, 256, 5, 5], [512, 128, 3, 3], 2, 1, 1, 2),
        ([3, 1024, 4, 4], [256, 1024, 1, 1], 1, 0, 1, 1),
    ];
    for case in cases {
        check(case, &device);
    }
}

#[test]
fn gradient_checkpointing_keeps_the_gradients() {
    let device = Device::flex().autodiff().gradient_checkpointing();
    check(([2, 6, 9, 9], [5, 6, 3, 3], 2, 1, 1, 1), &device);
}

#[test]
fn without_autodiff_it_is_burns_conv2d() {
    let device = Device::flex();
    let x = random([3, 4, 9, 8], &device);
    let w = random([6, 2, 3, 3], &device);
    let options = ConvOptions::new([2, 1], [1, 2], [1, 1], 2);
    let expected = values(conv2d(x.clone(), w.clone(), None, options.clone()));
    assert_close(
        "flex",
        values(differentiable_conv2d(x, w, None, options)),
        expected,
    );
}

#[test]
fn asymmetric_padding_falls_back_to_burn() {
    let device = Device::flex().autodiff();
    let options = ConvOptions::new_with_padding([1, 1], [(0, 1), (1, 0)], [1, 1], 1);
    let conv = |x, w, b, _: ConvOptions<2>| differentiable_conv2d(x, w, b, options.clone());
    let x = random([1, 2, 5, 5], &device).require_grad();
    let w = random([3, 2, 3, 3], &device).require_grad();
    let out = conv(x.clone(), w.clone(), None, options.clone());
    let expected = conv2d(x.clone(), w.clone(), None, options.clone());
    assert_close("asymmetric", values(out.clone()), values(expected));
    let grads = out.sum().backward();
    assert!(x.grad(&grads).is_some() && w.grad(&grads).is_some());
}

#[test]
fn slice_kernels_refuse_wrong_lengths() {
    let shape = Conv2dShape::new([1, 2, 4, 4], [3, 2, 3, 3])
        .checked()
        .unwrap();
    let expected = |what, expected, actual| ConvError::Length {
        what,
        expected,
        actual,
    };
    assert_eq!(
        conv2d_input_grad(&shape, &[0.0; 11], &[0.0; 54]),
        Err(expected("the output gradient", 12, 11))
    );
    let grad_len = shape.output().iter().product::<usize>();
    assert_eq!(
        conv2d_input_grad(&shape, &vec![0.0; grad_len], &[0.0; 53]),
        Err(expected("the weight", 54, 53))
    );
    assert_eq!(
        conv2d_weight_grad(&shape, &[0.0; 31], &vec![0.0; grad_len]),
        Err(expected("the input", 32, 31))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn gradients_match_burn_on_random_shapes(
        batch in 1usize..4, group_in in 1usize..6, group_out in 1usize..6, groups in 1usize..4,
        size in 4usize..12, kernel in 1usize..4, stride in 1usize..3, padding in 0usize..3,
        dilation in 1usize..3,
    ) {
        let span = dilation * (kernel - 1) + 1;
        prop_assume!(size + 2 * padding >= span);
        let case = (
            [batch, group_in * groups, size, size + 1],
            [group_out * groups, group_in, kernel, kernel],
            stride, padding, dilation, groups,
        );
        check(case, &Device::flex().autodiff());
    }
}
