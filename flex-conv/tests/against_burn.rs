//! `fused_conv2d` on Burn tensors: our kernel on Flex against Burn's own `conv2d` and
//! element-wise operations; the autodiff path (Burn's operations) keeps gradients.

use burn::tensor::activation::relu;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Distribution, Tensor};
use flex_conv::{TensorEpilogue, accelerates, fused_conv2d};

fn random<const D: usize>(shape: [usize; D], device: &Device) -> Tensor<D> {
    Tensor::random(shape, Distribution::Normal(0.0, 1.0), device)
}

/// Burn's `relu(conv2d(x, w)·scale + shift + residual)`.
fn reference(x: Tensor<4>, w: Tensor<4>, options: ConvOptions<2>, e: &TensorEpilogue) -> Tensor<4> {
    let channels = w.dims()[0];
    let mut out = conv2d(x, w, None, options);
    if let Some(scale) = &e.scale {
        out = out * scale.clone().reshape([1, channels, 1, 1]);
    }
    if let Some(shift) = &e.shift {
        out = out + shift.clone().reshape([1, channels, 1, 1]);
    }
    if let Some(residual) = &e.residual {
        out = out + residual.clone();
    }
    if e.relu { relu(out) } else { out }
}

fn assert_close(actual: Tensor<4>, expected: Tensor<4>) {
    assert_eq!(actual.dims(), expected.dims());
    let actual = actual.into_data().try_to_vec::<f32>().unwrap();
    let expected = expected.into_data().try_to_vec::<f32>().unwrap();
    for (i, (a, b)) in actual.iter().zip(&expected).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 * (1.0 + b.abs()),
            "at {i}: {a} vs {b}"
        );
    }
}

#[test]
fn matches_burn_on_flex_for_every_epilogue() {
    let device = Device::flex();
    assert!(accelerates(&device));
    // (input, weight, stride, padding, dilation, groups)
    let cases = [
        ([7, 3, 23, 21], [8, 3, 7, 7], 2, 3, 1, 1),
        ([1, 13, 9, 11], [11, 13, 3, 3], 1, 1, 1, 1),
        ([2, 16, 8, 8], [12, 16, 1, 1], 2, 0, 1, 1),
        ([3, 32, 7, 9], [32, 4, 3, 3], 1, 2, 2, 8),
    ];
    for (input, weight, stride, padding, dilation, groups) in cases {
        let options = ConvOptions::new([stride; 2], [padding; 2], [dilation; 2], groups);
        let x = random(input, &device);
        let w = random(weight, &device);
        let out_shape = conv2d(x.clone(), w.clone(), None, options.clone()).dims();
        for kind in 0..16u8 {
            let epilogue = TensorEpilogue {
                scale: (kind & 1 != 0).then(|| random([weight[0]], &device)),
                shift: (kind & 2 != 0).then(|| random([weight[0]], &device)),
                residual: (kind & 4 != 0).then(|| random(out_shape, &device)),
                relu: kind & 8 != 0,
            };
            let expected = reference(x.clone(), w.clone(), options.clone(), &epilogue);
            let actual = fused_conv2d(x.clone(), w.clone(), options.clone(), epilogue);
            assert_close(actual, expected);
        }
    }
}

#[test]
fn non_contiguous_inputs_are_read_in_logical_order() {
    let device = Device::flex();
    // A transposed view: its storage is not in row-major order.
    let x = random([2, 5, 9, 6], &device).swap_dims(2, 3);
    let w = random([4, 5, 3, 3], &device).swap_dims(2, 3);
    let options = ConvOptions::new([1, 1], [1, 1], [1, 1], 1);
    let epilogue = TensorEpilogue {
        relu: true,
        ..Default::default()
    };
    let expected = reference(x.clone(), w.clone(), options.clone(), &epilogue);
    assert_close(fused_conv2d(x, w, options, epilogue), expected);
}

#[test]
fn asymmetric_padding_falls_back_to_burn() {
    let device = Device::flex();
    let x = random([1, 3, 8, 8], &device);
    let w = random([2, 3, 3, 3], &device);
    let options = ConvOptions::new_with_padding([1, 1], [(0, 1), (1, 0)], [1, 1], 1);
    let epilogue = TensorEpilogue::default();
    let expected = reference(x.clone(), w.clone(), options.clone(), &epilogue);
    assert_close(fused_conv2d(x, w, options, epilogue), expected);
}

#[test]
fn autodiff_runs_burns_operations_and_keeps_gradients() {
    let device = Device::flex().autodiff();
    assert!(!accelerates(&device));
    let x = random([2, 3, 6, 6], &device);
    let w = random([4, 3, 3, 3], &device).require_grad();
    let shift = random([4], &device).require_grad();
    let options = ConvOptions::new([1, 1], [1, 1], [1, 1], 1);
    let epilogue = TensorEpilogue {
        shift: Some(shift.clone()),
        relu: true,
        ..Default::default()
    };
    let out = fused_conv2d(x.clone(), w.clone(), options.clone(), epilogue.clone());
    assert_close(
        out.clone().inner(),
        reference(x, w.clone(), options, &epilogue).inner(),
    );
    let grads = out.sum().backward();
    let w_grad = w.grad(&grads).expect("a gradient for the weight");
    assert_eq!(w_grad.dims(), [4, 3, 3, 3]);
    assert!(shift.grad(&grads).is_some());
}
