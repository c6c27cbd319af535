//! [`conv2d_input_grad`]: the gradient of [`conv2d`] with respect to its input. Stride 1: a
//! convolution of the output gradient by the flipped, transposed weights (every fast path of
//! the forward applies); else the transposed weights times the output gradient, then col2im.

use gemm::Parallelism;
use rayon::prelude::*;

use crate::error::expect_len;
use crate::im2col::add_tile;
use crate::kernel::with_scratch;
use crate::matmul::{View, matmul};
use crate::tiling::{Tiling, gemm_parallelism};
use crate::{Conv2dShape, ConvError, Epilogue, conv2d};

/// The gradient with respect to the input of the convolution `shape` with `weight`, given
/// `grad`, the gradient with respect to its output (laid out as the output).
///
/// ```
/// use flex_conv::{Conv2dShape, conv2d_input_grad};
///
/// // y = x * w (2×2 input, one 1×1 weight of 3): dL/dx = 3·dL/dy.
/// let shape = Conv2dShape::new([1, 1, 2, 2], [1, 1, 1, 1]).checked().unwrap();
/// let grad = conv2d_input_grad(&shape, &[1.0, 2.0, 3.0, 4.0], &[3.0]).unwrap();
/// assert_eq!(grad, [3.0, 6.0, 9.0, 12.0]);
/// ```
pub fn conv2d_input_grad(
    shape: &Conv2dShape,
    grad: &[f32],
    weight: &[f32],
) -> Result<Vec<f32>, ConvError> {
    expect_len("the output gradient", shape.output(), grad)?;
    expect_len("the weight", shape.weight, weight)?;
    if let Some(transposed) = transposed_stride_one(shape) {
        let flipped = flipped_transposed_weight(shape, weight);
        return conv2d(&transposed, grad, &flipped, &Epilogue::default());
    }
    let [_, _, height, width] = shape.input;
    let group_len = shape.weight[1] * height * width;
    let mut input_grad = vec![0.0; shape.input.iter().product()];
    let tasks = shape.input[0] * shape.groups;
    let parallelism = gemm_parallelism(tasks);
    let run = |(task, group_grad): (usize, &mut [f32])| {
        input_grad_of_group(shape, task, grad, weight, group_grad, parallelism)
    };
    match parallelism {
        Parallelism::None => input_grad
            .par_chunks_mut(group_len)
            .enumerate()
            .for_each(run),
        _ => input_grad.chunks_mut(group_len).enumerate().for_each(run),
    }
    Ok(input_grad)
}

/// The stride-1 convolution whose output is the input gradient: the output gradient padded by
/// `dilation·(kernel − 1) − padding`, by the flipped weights; `None` when the convolution has
/// a stride or more padding than that.
fn transposed_stride_one(shape: &Conv2dShape) -> Option<Conv2dShape> {
    if shape.stride != [1, 1] {
        return None;
    }
    let [out_channels, group_in, kernel_h, kernel_w] = shape.weight;
    let padding = |axis: usize, kernel: usize| {
        ((kernel - 1) * shape.dilation[axis]).checked_sub(shape.padding[axis])
    };
    let transposed = Conv2dShape::new(
        shape.output(),
        [
            group_in * shape.groups,
            out_channels / shape.groups,
            kernel_h,
            kernel_w,
        ],
    )
    .padding([padding(0, kernel_h)?, padding(1, kernel_w)?])
    .dilation(shape.dilation)
    .groups(shape.groups)
    .checked()
    .ok()?;
    (transposed.output() == shape.input).then_some(transposed)
}

/// `w'[g·in_g + i][o][ky][kx] = w[g·out_g + o][i][kh−1−ky][kw−1−kx]` for each group `g`.
fn flipped_transposed_weight(shape: &Conv2dShape, weight: &[f32]) -> Vec<f32> {
    let [out_channels, group_in, kernel_h, kernel_w] = shape.weight;
    let group_out = out_channels / shape.groups;
    let taps = kernel_h * kernel_w;
    let mut flipped = vec![0.0; weight.len()];
    for (filter, values) in weight.chunks_exact(group_in * taps).enumerate() {
        let (group, out) = (filter / group_out, filter % group_out);
        for (channel, taps_of) in values.chunks_exact(taps).enumerate() {
            let row = (group * group_in + channel) * group_out + out;
            let dst = &mut flipped[row * taps..][..taps];
            dst.iter_mut()
                .zip(taps_of.iter().rev())
                .for_each(|(d, &v)| *d = v);
        }
    }
    flipped
}

/// Task `task` (an image and a group) of [`conv2d_input_grad`]'s general path, into
/// `group_grad` (that group's input channels of that image).
fn input_grad_of_group(
    shape: &Conv2dShape,
    task: usize,
    grad: &[f32],
    weight: &[f32],
    group_grad: &mut [f32],
    parallelism: Parallelism,
) {
    let (image, group) = (task / shape.groups, task % shape.groups);
    let (out_group, patch, pixels) = (
        shape.group_out_channels(),
        shape.patch_len(),
        shape.output_pixels(),
    );
    let first = group * out_group;
    let grad = &grad[(image * shape.weight[0] + first) * pixels..][..out_group * pixels];
    // The group's weights (out_group × patch) seen transposed: patch × out_group.
    let lhs = View::transposed(weight[first * patch..][..out_group * patch].as_ptr(), patch);
    let tiling = Tiling::new(shape);
    for tile in 0..tiling.tiles {
        let range = tiling.pixels(tile);
        let rhs = View::rows(grad[range.start..].as_ptr(), pixels);
        with_scratch(patch * range.len(), |col| {
            let dst = View::rows(col.as_mut_ptr(), range.len());
            // SAFETY: col is patch × len; the weights patch × out_group seen transposed; the
            // gradient's rows (out_group of them) are `pixels` apart from range.start on.
            unsafe {
                matmul(
                    [patch, range.len(), out_group],
                    dst,
                    false,
                    lhs,
                    rhs,
                    parallelism,
                )
            };
            add_tile(shape, col, range.clone(), group_grad);
        });
    }
}
