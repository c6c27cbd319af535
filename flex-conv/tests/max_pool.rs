//! `inference_max_pool2d` on Burn tensors: our kernel on Flex against Burn's own `max_pool2d`
//! (max pooling is exact: equal values), NaN propagation, and the cases left to Burn.

mod common;

use burn::tensor::module::max_pool2d;
use burn::tensor::ops::MaxPoolOptions;
use burn::tensor::{Device, Tensor};
use common::{random, values};
use flex_conv::{MaxPool2dShape, inference_max_pool2d};

#[test]
fn equals_burn_on_odd_shapes() {
    let device = Device::flex();
    // (input, kernel, stride, padding): ResNet's stem, windows wider than tall, padding at the
    // limit (half the kernel), strides past the kernel, a single output, 1×1.
    let cases = [
        ([1, 64, 112, 112], [3, 3], [2, 2], [1, 1]),
        ([7, 5, 23, 21], [3, 3], [2, 2], [1, 1]),
        ([2, 3, 9, 10], [2, 5], [1, 3], [1, 2]),
        ([3, 2, 11, 7], [4, 2], [3, 3], [2, 1]),
        ([1, 1, 5, 5], [5, 5], [1, 1], [0, 0]),
        ([2, 4, 6, 6], [1, 1], [2, 2], [0, 0]),
    ];
    for (input, kernel, stride, padding) in cases {
        assert!(MaxPool2dShape::new(input, kernel, stride, padding).is_some());
        let x = random(input, &device, [0.0, 1.0]);
        let options = MaxPoolOptions::new(kernel)
            .with_stride(stride)
            .with_padding(padding);
        let ours = inference_max_pool2d(x.clone(), options.clone());
        let burns = max_pool2d(x, options);
        assert_eq!(ours.dims(), burns.dims(), "{input:?} {kernel:?}");
        assert_eq!(values(ours), values(burns), "{input:?} {kernel:?}");
    }
}

#[test]
fn a_nan_in_a_window_is_its_maximum_wherever_it_is() {
    let device = Device::flex();
    let mut data = vec![1.0f32; 16];
    data[5] = f32::NAN; // row 1, column 1: in the top-left window only
    let x = Tensor::<1>::from_floats(data.as_slice(), &device).reshape([1, 1, 4, 4]);
    let options = MaxPoolOptions::new([2, 2]);
    let pooled = values(inference_max_pool2d(x.clone(), options.clone()));
    assert!(pooled[0].is_nan(), "{pooled:?}");
    assert_eq!(pooled[1..], [1.0, 1.0, 1.0]);
    // A NaN first in its window, then larger values.
    let x = Tensor::<1>::from_floats([f32::NAN, 2.0, 3.0, 4.0], &device).reshape([1, 1, 2, 2]);
    assert!(values(inference_max_pool2d(x, options))[0].is_nan());
}

#[test]
fn options_our_kernel_does_not_take_run_burns_operation() {
    let device = Device::flex();
    let x = random([2, 3, 9, 8], &device, [0.0, 1.0]);
    let cases = [
        MaxPoolOptions::new([3, 3]).with_ceil_mode(true),
        MaxPoolOptions::new([3, 3]).with_dilation([2, 1]),
        MaxPoolOptions::new([3, 3]).with_padding_pairs([(1, 0), (0, 1)]),
    ];
    for options in cases {
        let ours = inference_max_pool2d(x.clone(), options.clone());
        assert_eq!(values(ours), values(max_pool2d(x.clone(), options)));
    }
    // Under autodiff the indices are kept: gradients flow to each window's maximum.
    let x = random([1, 1, 4, 4], &device.clone().autodiff(), [0.0, 1.0]).require_grad();
    let pooled = inference_max_pool2d(x.clone(), MaxPoolOptions::new([2, 2]));
    let gradients = pooled.sum().backward();
    let grad = values(x.grad(&gradients).unwrap());
    assert_eq!(grad.iter().sum::<f32>(), 4.0);
}
