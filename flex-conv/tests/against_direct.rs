//! `conv2d` against a direct (six nested loops) convolution, on odd shapes: strides, paddings
//! 0/1/3, dilation, groups, channels that are no multiple of a SIMD width, batch 1 and 7, and
//! every epilogue.

use flex_conv::{Conv2dShape, Epilogue, conv2d};
use proptest::prelude::*;

/// The textbook convolution, then the epilogue.
fn direct(shape: &Conv2dShape, input: &[f32], weight: &[f32], epilogue: &Epilogue) -> Vec<f32> {
    let [batch, in_channels, height, width] = shape.input;
    let [out_channels, group_in, kernel_h, kernel_w] = shape.weight;
    let [_, _, out_h, out_w] = shape.output();
    let group_out = out_channels / shape.groups;
    let mut out = vec![0.0f32; batch * out_channels * out_h * out_w];
    for n in 0..batch {
        for co in 0..out_channels {
            let group = co / group_out;
            for oy in 0..out_h {
                for ox in 0..out_w {
                    let mut sum = 0.0f64;
                    for ci in 0..group_in {
                        let channel = group * group_in + ci;
                        for ky in 0..kernel_h {
                            for kx in 0..kernel_w {
                                let y = (oy * shape.stride[0] + ky * shape.dilation[0]) as isize
                                    - shape.padding[0] as isize;
                                let x = (ox * shape.stride[1] + kx * shape.dilation[1]) as isize
                                    - shape.padding[1] as isize;
                                if y < 0 || x < 0 || y >= height as isize || x >= width as isize {
                                    continue;
                                }
                                let i = ((n * in_channels + channel) * height + y as usize) * width
                                    + x as usize;
                                let w = ((co * group_in + ci) * kernel_h + ky) * kernel_w + kx;
                                sum += input[i] as f64 * weight[w] as f64;
                            }
                        }
                    }
                    let at = ((n * out_channels + co) * out_h + oy) * out_w + ox;
                    let mut value = sum as f32 * epilogue.scale.map_or(1.0, |s| s[co])
                        + epilogue.shift.map_or(0.0, |s| s[co]);
                    value += epilogue.residual.map_or(0.0, |r| r[at]);
                    out[at] = if epilogue.relu { value.max(0.0) } else { value };
                }
            }
        }
    }
    out
}

/// Deterministic values in [-1, 1).
fn values(len: usize, seed: u32) -> Vec<f32> {
    (0..len as u32)
        .map(|i| {
            let h = (i ^ seed).wrapping_mul(2_654_435_761).rotate_left(13) ^ seed;
            (h % 2000) as f32 / 1000.0 - 1.0
        })
        .collect()
}

fn assert_close(shape: &Conv2dShape, epilogue_kind: u8) {
    let input = values(shape.input.iter().product(), 1);
    let weight = values(shape.weight.iter().product(), 2);
    let channels = shape.weight[0];
    let (scale, shift) = (values(channels, 3), values(channels, 4));
    let residual = values(shape.output().iter().product(), 5);
    let epilogue = Epilogue {
        scale: (epilogue_kind & 1 != 0).then_some(&scale[..]),
        shift: (epilogue_kind & 2 != 0).then_some(&shift[..]),
        residual: (epilogue_kind & 4 != 0).then_some(&residual[..]),
        relu: epilogue_kind & 8 != 0,
    };
    let ours = conv2d(shape, &input, &weight, &epilogue).unwrap();
    let expected = direct(shape, &input, &weight, &epilogue);
    assert_eq!(ours.len(), expected.len());
    for (i, (a, b)) in ours.iter().zip(&expected).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 * (1.0 + b.abs()),
            "{shape:?} at {i}: {a} vs {b}"
        );
    }
}

#[test]
fn resnet_shapes_with_every_epilogue() {
    let cases = [
        // stem 7×7 stride 2 padding 3, batch 7
        Conv2dShape::new([7, 3, 33, 29], [8, 3, 7, 7])
            .stride([2, 2])
            .padding([3, 3]),
        // 3×3 padding 1, batch 1, channels no multiple of 8 or 16
        Conv2dShape::new([1, 13, 17, 19], [11, 13, 3, 3]).padding([1, 1]),
        // 1×1 stride 1 (no im2col) and stride 2 (downsample)
        Conv2dShape::new([7, 24, 9, 10], [20, 24, 1, 1]),
        Conv2dShape::new([2, 24, 9, 10], [20, 24, 1, 1]).stride([2, 2]),
        // dilation 2, padding 2
        Conv2dShape::new([2, 5, 12, 12], [6, 5, 3, 3])
            .padding([2, 2])
            .dilation([2, 2]),
        // ResNeXt groups
        Conv2dShape::new([3, 32, 8, 8], [32, 4, 3, 3])
            .padding([1, 1])
            .groups(8),
        // padding 0 at stride 2 with a 3×3 kernel
        Conv2dShape::new([1, 4, 10, 11], [5, 4, 3, 3]).stride([2, 2]),
    ];
    for shape in cases {
        let shape = shape.checked().unwrap();
        for epilogue in 0..16 {
            assert_close(&shape, epilogue);
        }
    }
}

#[test]
fn large_images_use_several_tiles() {
    // 64 channels × 9 taps: a 1 MiB tile holds 455 pixels, so a 40×40 output needs 4 tiles
    // (of whole rows), a 45×47 one 5 tiles of 423 pixels (cut inside rows), here with each
    // same-size padding (kernel 3, dilation 1 and 2) and one that shrinks the image.
    let cases = [
        Conv2dShape::new([1, 64, 40, 40], [16, 64, 3, 3]).padding([1, 1]),
        Conv2dShape::new([1, 64, 45, 47], [16, 64, 3, 3]).padding([1, 1]),
        Conv2dShape::new([2, 64, 45, 47], [8, 64, 3, 3])
            .padding([2, 2])
            .dilation([2, 2]),
        Conv2dShape::new([1, 64, 45, 47], [8, 64, 3, 3]).padding([1, 0]),
    ];
    for shape in cases {
        assert_close(&shape.checked().unwrap(), 15);
    }
}

#[test]
fn stride_one_3x3_edges() {
    // Stride-1 3×3 convolutions (Winograd's, when large enough for this machine's threads;
    // its unit test compares it with im2col whatever the machine): odd outputs, paddings 0 to
    // 2, 300 channels.
    let cases = [
        Conv2dShape::new([2, 7, 9, 8], [5, 7, 3, 3]),
        Conv2dShape::new([1, 6, 10, 7], [4, 6, 3, 3]).padding([2, 2]),
        Conv2dShape::new([1, 300, 13, 11], [5, 300, 3, 3]).padding([1, 1]),
        Conv2dShape::new([3, 4, 3, 3], [2, 4, 3, 3]).padding([1, 0]),
    ];
    for shape in cases {
        let shape = shape.checked().unwrap();
        assert_close(&shape, 0);
        assert_close(&shape, 15);
    }
}

#[test]
fn wrong_lengths_are_errors_not_panics() {
    let shape = Conv2dShape::new([1, 2, 4, 4], [3, 2, 3, 3])
        .checked()
        .unwrap();
    let error = conv2d(&shape, &[0.0; 31], &[0.0; 54], &Epilogue::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the input holds 31 values; the shape needs 32"
    );
    let scale = [1.0; 2];
    let epilogue = Epilogue {
        scale: Some(&scale),
        ..Epilogue::default()
    };
    let error = conv2d(&shape, &[0.0; 32], &[0.0; 54], &epilogue).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the scale holds 2 values; the shape needs 3"
    );
}

#[test]
fn inconsistent_shapes_are_refused() {
    let too_big = Conv2dShape::new([1, 1, 2, 2], [1, 1, 3, 3]).checked();
    assert!(matches!(
        too_big,
        Err(flex_conv::ConvError::KernelTooLarge { axis: 0 })
    ));
    let channels = Conv2dShape::new([1, 6, 4, 4], [4, 4, 1, 1])
        .groups(2)
        .checked();
    assert!(matches!(
        channels,
        Err(flex_conv::ConvError::Channels { .. })
    ));
    let overflow = Conv2dShape::new([usize::MAX, 2, 4, 4], [4, 2, 1, 1]).checked();
    assert_eq!(overflow, Err(flex_conv::ConvError::TooLarge));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_shapes_match(
        batch in 1usize..4, group_in in 1usize..6, group_out in 1usize..6, groups in 1usize..3,
        size in 1usize..12, kernel in 1usize..4, stride in 1usize..3, padding in 0usize..3,
        dilation in 1usize..3, epilogue in 0u8..16,
    ) {
        let shape = Conv2dShape::new(
            [batch, group_in * groups, size, size + 1],
            [group_out * groups, group_in, kernel, kernel],
        )
        .stride([stride, stride])
        .padding([padding, padding])
        .dilation([dilation, dilation])
        .groups(groups)
        .checked();
        if let Ok(shape) = shape {
            assert_close(&shape, epilogue);
        }
    }
}
