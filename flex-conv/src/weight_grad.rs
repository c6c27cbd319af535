//! [`conv2d_weight_grad`]: the gradient of [`conv2d`](crate::conv2d) with respect to its
//! weight: for each image and tile, the output gradient (out_group × pixels) times the tile's
//! im2col matrix transposed (pixels × patch), summed.

use std::ops::Range;

use gemm::Parallelism;
use rayon::prelude::*;

use crate::error::expect_len;
use crate::im2col::with_patches;
use crate::kernel::Target;
use crate::matmul::{View, matmul};
use crate::tiling::{Tiling, for_each_task, gemm_parallelism};
use crate::{Conv2dShape, ConvError};

/// The most bytes of weight gradient one sum is kept in: below this, each thread sums its own
/// copy over its images and tiles; above, each task sums a block of input channels of one
/// group over every image, so its block stays in cache (the GEMMs' depth, a tile's pixels, is
/// small in late layers: 49 pixels an image in ResNet's layer 4).
const SUM_BYTES: usize = 512 * 1024;

/// The gradient with respect to the weight of the convolution `shape` of `input`, given
/// `grad`, the gradient with respect to its output (laid out as the output).
///
/// ```
/// use flex_conv::{Conv2dShape, conv2d_weight_grad};
///
/// // y = x * w (2×2 input, one 1×1 weight): dL/dw = Σ x·dL/dy.
/// let shape = Conv2dShape::new([1, 1, 2, 2], [1, 1, 1, 1]).checked().unwrap();
/// let grad = conv2d_weight_grad(&shape, &[1.0, 2.0, 3.0, 4.0], &[1.0, 1.0, 0.0, 2.0]).unwrap();
/// assert_eq!(grad, [11.0]);
/// ```
pub fn conv2d_weight_grad(
    shape: &Conv2dShape,
    input: &[f32],
    grad: &[f32],
) -> Result<Vec<f32>, ConvError> {
    expect_len("the input", shape.input, input)?;
    expect_len("the output gradient", shape.output(), grad)?;
    let group_len = shape.group_out_channels() * shape.patch_len();
    Ok(match group_len * size_of::<f32>() <= SUM_BYTES {
        true => sums_per_thread(shape, input, grad),
        false => by_channel_blocks(shape, input, grad),
    })
}

/// Tasks over (image, group, tile), a sum per thread over a contiguous run of them, the sums
/// added at the end.
fn sums_per_thread(shape: &Conv2dShape, input: &[f32], grad: &[f32]) -> Vec<f32> {
    let tiling = Tiling::new(shape);
    let tasks = shape.input[0] * shape.groups * tiling.tiles;
    let weight_len = shape.weight.iter().product();
    let parallelism = gemm_parallelism(tasks);
    let sources = Sources {
        whole: shape,
        input,
        grad,
        parallelism,
    };
    let accumulate = |tasks: Range<usize>| {
        let mut sum = vec![0.0; weight_len];
        for task in tasks {
            let (image_group, tile) = (task / tiling.tiles, task % tiling.tiles);
            let (image, group) = (image_group / shape.groups, image_group % shape.groups);
            let block = ChannelBlock::whole_group(shape, group);
            let dst = View::rows(block.dst(sum.as_mut_ptr(), shape), shape.patch_len());
            // SAFETY: `sum` is this run's own, sized as the weight.
            unsafe { block.add_tile(&sources, image, tiling.pixels(tile), dst) };
        }
        sum
    };
    if !matches!(parallelism, Parallelism::None) {
        return accumulate(0..tasks);
    }
    let workers = rayon::current_num_threads().min(tasks);
    let sums = (0..workers)
        .into_par_iter()
        .map(|worker| accumulate(tasks * worker / workers..tasks * (worker + 1) / workers));
    sums.reduce_with(|mut total, sum| {
        total.iter_mut().zip(&sum).for_each(|(t, s)| *t += s);
        total
    })
    .unwrap_or_else(|| vec![0.0; weight_len])
}

/// Tasks over (group, block of input channels), each summing its block of the gradient over
/// every image and tile; blocks of at most [`SUM_BYTES`], and at least one task per thread.
fn by_channel_blocks(shape: &Conv2dShape, input: &[f32], grad: &[f32]) -> Vec<f32> {
    let [_, group_in, kernel_h, kernel_w] = shape.weight;
    let block_row = shape.group_out_channels() * kernel_h * kernel_w * size_of::<f32>();
    let threads = rayon::current_num_threads();
    let blocks = group_in
        .div_ceil((SUM_BYTES / block_row.max(1)).max(1))
        .max(threads.div_ceil(shape.groups))
        .min(group_in);
    let channels = group_in.div_ceil(blocks.max(1));
    let blocks = group_in.div_ceil(channels.max(1));
    let tasks = shape.groups * blocks;
    let mut sum = vec![0.0; shape.weight.iter().product()];
    let target = Target(sum.as_mut_ptr());
    let sources = Sources {
        whole: shape,
        input,
        grad,
        parallelism: gemm_parallelism(tasks),
    };
    for_each_task(tasks, |task| {
        let (group, block) = (task / blocks, task % blocks);
        let first = block * channels;
        let block = ChannelBlock::new(shape, group, first..(first + channels).min(group_in));
        let dst = View::rows(block.dst(target.ptr(), shape), shape.patch_len());
        for image in 0..shape.input[0] {
            let tiling = Tiling::new(&block.shape);
            for tile in 0..tiling.tiles {
                // SAFETY: tasks write disjoint column blocks of the gradient (their group's
                // rows, their channels' taps).
                unsafe { block.add_tile(&sources, image, tiling.pixels(tile), dst) };
            }
        }
    });
    sum
}

/// What every task reads: the whole convolution, its input and its output's gradient, and the
/// parallelism of the GEMMs.
#[derive(Clone, Copy)]
struct Sources<'a> {
    whole: &'a Conv2dShape,
    input: &'a [f32],
    grad: &'a [f32],
    parallelism: Parallelism,
}

/// Input channels `channels` of group `group`: the convolution restricted to them (`shape`),
/// whose weight gradient is a column block of the whole one.
struct ChannelBlock {
    group: usize,
    channels: Range<usize>,
    shape: Conv2dShape,
}

impl ChannelBlock {
    fn new(whole: &Conv2dShape, group: usize, channels: Range<usize>) -> Self {
        let shape = whole.channel_block(channels.len());
        ChannelBlock {
            group,
            channels,
            shape,
        }
    }

    fn whole_group(whole: &Conv2dShape, group: usize) -> Self {
        ChannelBlock::new(whole, group, 0..whole.weight[1])
    }

    /// The block's first value in the weight gradient starting at `sum`.
    fn dst(&self, sum: *mut f32, whole: &Conv2dShape) -> *mut f32 {
        let taps = whole.weight[2] * whole.weight[3];
        let row = self.group * whole.group_out_channels();
        // SAFETY: inside the gradient: the group's first row, the block's first tap column.
        unsafe { sum.add(row * whole.patch_len() + self.channels.start * taps) }
    }

    /// Adds image `image`'s share at output pixels `pixels` to the block `dst`
    /// (out_group × block patch, rows the whole patch apart).
    ///
    /// # Safety
    /// `dst` is valid for the block and written by nobody else meanwhile.
    unsafe fn add_tile(
        &self,
        sources: &Sources,
        image: usize,
        pixels: Range<usize>,
        dst: View<*mut f32>,
    ) {
        let Sources {
            whole,
            input,
            grad,
            parallelism,
        } = *sources;
        let [_, in_channels, height, width] = whole.input;
        let plane = height * width;
        let first_channel =
            image * in_channels + self.group * whole.weight[1] + self.channels.start;
        let block_input = &input[first_channel * plane..][..self.channels.len() * plane];
        let out_group = whole.group_out_channels();
        let out_pixels = whole.output_pixels();
        let first_row = image * whole.weight[0] + self.group * out_group;
        let lhs = View::rows(
            grad[first_row * out_pixels + pixels.start..].as_ptr(),
            out_pixels,
        );
        let dims = [out_group, self.shape.patch_len(), pixels.len()];
        with_patches(&self.shape, block_input, pixels, |col, row_stride| {
            let rhs = View::transposed(col, row_stride);
            // SAFETY: `col` is block patch × len (rows `row_stride` apart), seen transposed;
            // the gradient's out_group rows are `out_pixels` apart; dst as promised.
            unsafe { matmul(dims, dst, true, lhs, rhs, parallelism) };
        });
    }
}
