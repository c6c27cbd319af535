//! Convolutions too small to give every thread an output tile of its own (batch 1, late
//! layers): each tile's input channels are split among the threads, each multiplying its share
//! of the im2col rows by the matching weight columns with a single-threaded GEMM; the partial
//! products are then summed into the output and the epilogue applied.

use gemm::Parallelism;
use rayon::prelude::*;

use crate::im2col::with_patches;
use crate::kernel::Target;
use crate::matmul::{View, matmul};
use crate::tiling::Tiling;
use crate::{Conv2dShape, Epilogue};

/// True when `shape` has fewer (image, group, tile) tasks than threads, enough input channels
/// per group to give each thread some, and a GEMM at least as deep as it is tall (where the
/// partial products are small beside the work: ResNet's layer-4 3×3 at batch 1 took 0.82–0.86
/// against 1.24 ms with gemm's parallel GEMM; a 1×1 stride-2 512→1024 took 0.86–0.92 against
/// 0.75–0.78 ms, so it does not split).
pub(crate) fn applies(shape: &Conv2dShape, tiling: &Tiling) -> bool {
    let threads = rayon::current_num_threads();
    let tasks = shape.input[0] * shape.groups * tiling.tiles;
    threads > 1
        && tasks < threads
        && shape.weight[1] >= threads
        && shape.patch_len() >= shape.group_out_channels()
}

/// The convolution, its tiles in turn, each tile's channels in parallel.
///
/// # Safety
/// `target` holds the output's values, written by nobody else.
pub(crate) unsafe fn conv2d(
    shape: &Conv2dShape,
    tiling: &Tiling,
    input: &[f32],
    weight: &[f32],
    epilogue: &Epilogue,
    target: Target,
) {
    for task in 0..shape.input[0] * shape.groups * tiling.tiles {
        let (image_group, tile) = (task / tiling.tiles, task % tiling.tiles);
        let (image, group) = (image_group / shape.groups, image_group % shape.groups);
        let partials = partial_products(shape, tiling, [image, group, tile], input, weight);
        // SAFETY: the caller's promise; this task's tile, written once.
        unsafe {
            sum_into(
                shape,
                tiling,
                [image, group, tile],
                &partials,
                epilogue,
                target,
            )
        };
    }
}

/// One `out_group × tile` product per block of the group's input channels.
fn partial_products(
    shape: &Conv2dShape,
    tiling: &Tiling,
    [image, group, tile]: [usize; 3],
    input: &[f32],
    weight: &[f32],
) -> Vec<Vec<f32>> {
    let [_, in_channels, height, width] = shape.input;
    let (group_in, out_group) = (shape.weight[1], shape.group_out_channels());
    let (patch, taps, plane) = (
        shape.patch_len(),
        shape.weight[2] * shape.weight[3],
        height * width,
    );
    let blocks = rayon::current_num_threads().min(group_in);
    let range = tiling.pixels(tile);
    (0..blocks)
        .into_par_iter()
        .map(|block| {
            let channels = group_in * block / blocks..group_in * (block + 1) / blocks;
            let sub = shape.channel_block(channels.len());
            let first = image * in_channels + group * group_in + channels.start;
            let block_input = &input[first * plane..][..channels.len() * plane];
            let block_weight = &weight[group * out_group * patch + channels.start * taps..];
            let mut partial = vec![0.0; out_group * range.len()];
            let dims = [out_group, range.len(), sub.patch_len()];
            let dst = View::rows(partial.as_mut_ptr(), range.len());
            let lhs = View::rows(block_weight.as_ptr(), patch);
            with_patches(&sub, block_input, range.clone(), |col, row_stride| {
                let rhs = View::rows(col, row_stride);
                // SAFETY: `partial` is out_group × len; the weight block's out_group rows are
                // `patch` apart, its columns this block's taps; `col` block patch × len.
                unsafe { matmul(dims, dst, false, lhs, rhs, Parallelism::None) };
            });
            partial
        })
        .collect()
}

/// Writes `Σ partials` to the tile's output rows, then applies the epilogue.
///
/// # Safety
/// `target` holds the output's values; this tile's are written by nobody else.
unsafe fn sum_into(
    shape: &Conv2dShape,
    tiling: &Tiling,
    [image, group, tile]: [usize; 3],
    partials: &[Vec<f32>],
    epilogue: &Epilogue,
    target: Target,
) {
    let out_group = shape.group_out_channels();
    let (pixels, range) = (shape.output_pixels(), tiling.pixels(tile));
    let first_channel = group * out_group;
    let tile_offset = (image * shape.weight[0] + first_channel) * pixels + range.start;
    for channel in 0..out_group {
        let offset = tile_offset + channel * pixels;
        // SAFETY: inside the output (this image, this group's channel, the tile's pixels).
        let row = unsafe { std::slice::from_raw_parts_mut(target.ptr().add(offset), range.len()) };
        let part = channel * range.len()..(channel + 1) * range.len();
        row.copy_from_slice(&partials[0][part.clone()]);
        for partial in &partials[1..] {
            row.iter_mut()
                .zip(&partial[part.clone()])
                .for_each(|(r, p)| *r += p);
        }
        let residual = epilogue.residual.map(|r| &r[offset..][..range.len()]);
        epilogue.apply(first_channel + channel, row, residual);
    }
}
