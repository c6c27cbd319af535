//! Winograd F(2×2, 3×3) for stride-1, dilation-1, ungrouped 3×3 convolutions: each 2×2 output
//! block from a 4×4 input block with 16 multiplications instead of 36, as 16 GEMMs
//! (one per position of the transformed 4×4 block) over a block of tiles.

use gemm::Parallelism;
use rayon::prelude::*;

use crate::kernel::{Target, with_scratch};
use crate::matmul::{View, matmul};
use crate::{Conv2dShape, Epilogue};

/// Positions in a transformed 4×4 block.
const POSITIONS: usize = 16;
/// Bytes of one block's transformed input (16 × channels × tiles); as the im2col tile.
const BLOCK_BYTES: usize = 1024 * 1024;

/// The fewest tiles in a block: below this, 16 small GEMMs (each packing the transformed
/// weights again) cost more than the multiplications saved (measured on ResNet's layer 4:
/// 16 tiles per image, twice as slow as im2col).
const MIN_BLOCK_TILES: usize = 48;

/// The fewest input channels: the GEMMs' depth. At 64 (ResNet's layer 1) im2col wins
/// (6.3 against 8.3 ms at batch 8, 1.06 against 1.36 ms at batch 1); at 128 and 256 Winograd
/// does (5.4 against 7.0 ms, 4.8 against 7.6 ms at batch 8), measured with `conv_repro`.
const MIN_CHANNELS: usize = 128;

/// True when `shape` is a stride-1, dilation-1, ungrouped 3×3 convolution over at least
/// [`MIN_CHANNELS`] channels, with enough tiles per block and enough blocks to keep every
/// thread busy without a parallel GEMM.
pub(crate) fn applies(shape: &Conv2dShape) -> bool {
    let plan = Plan::new(shape);
    shape.input[1] >= MIN_CHANNELS
        && shape.weight[2..] == [3, 3]
        && shape.stride == [1, 1]
        && shape.dilation == [1, 1]
        && shape.groups == 1
        && plan.block >= MIN_BLOCK_TILES
        && shape.input[0] * plan.blocks >= rayon::current_num_threads()
}

/// The transformed weights `U = G·g·Gᵀ` of every (output, input) channel pair, laid out
/// `[16][out_channels][in_channels]`; output channels in parallel.
pub(crate) fn transform_weights(shape: &Conv2dShape, weight: &[f32]) -> Vec<f32> {
    let [out_channels, in_channels, ..] = shape.weight;
    let pairs = out_channels * in_channels;
    let mut transformed = Vec::with_capacity(POSITIONS * pairs);
    let target = Target(transformed.as_mut_ptr());
    (0..out_channels).into_par_iter().for_each(|channel| {
        let filters = &weight[channel * in_channels * 9..][..in_channels * 9];
        // SAFETY: channel `channel` writes only its own rows of each position.
        unsafe { transform_filters(filters, channel * in_channels, pairs, target) };
    });
    // SAFETY: every (position, pair) was written.
    unsafe { transformed.set_len(POSITIONS * pairs) };
    transformed
}

/// The transforms of consecutive 3×3 `filters`, the first being pair `first`.
///
/// # Safety
/// `target` holds `16 × pairs` values; pairs `first..` are this call's alone.
unsafe fn transform_filters(filters: &[f32], first: usize, pairs: usize, target: Target) {
    for (offset, g) in filters.chunks_exact(9).enumerate() {
        let pair = first + offset;
        // G·g (4×3), then (G·g)·Gᵀ (4×4); G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]].
        let mut gg = [[0.0f32; 3]; 4];
        for col in 0..3 {
            let (a, b, c) = (g[col], g[3 + col], g[6 + col]);
            gg[0][col] = a;
            gg[1][col] = 0.5 * (a + b + c);
            gg[2][col] = 0.5 * (a - b + c);
            gg[3][col] = c;
        }
        for (row, [a, b, c]) in gg.into_iter().enumerate() {
            let u = [a, 0.5 * (a + b + c), 0.5 * (a - b + c), c];
            for (col, value) in u.into_iter().enumerate() {
                // SAFETY: inside the buffer; this pair's slot of this position.
                unsafe { target.0.add((row * 4 + col) * pairs + pair).write(value) };
            }
        }
    }
}

/// The convolution by the transformed weights `u`, written to `target` with the epilogue.
///
/// # Safety
/// `target` points to the whole output (`shape.output()` values), written by nobody else.
pub(crate) unsafe fn conv2d(
    shape: &Conv2dShape,
    input: &[f32],
    u: &[f32],
    epilogue: &Epilogue,
    target: Target,
) {
    let plan = Plan::new(shape);
    let run = |task| {
        let (image, block) = (task / plan.blocks, task % plan.blocks);
        // SAFETY: tasks write disjoint output blocks (their image, their tiles).
        unsafe { plan.run(image, block, input, u, epilogue, target) }
    };
    let tasks = 0..shape.input[0] * plan.blocks;
    match plan.parallelism {
        Parallelism::None => tasks.into_par_iter().for_each(run),
        _ => tasks.for_each(run),
    }
}

/// Output tiles (2×2 blocks) and how they are grouped into tasks.
struct Plan<'a> {
    shape: &'a Conv2dShape,
    tiles_wide: usize,
    tiles: usize,
    block: usize,
    blocks: usize,
    parallelism: Parallelism,
}

impl<'a> Plan<'a> {
    fn new(shape: &'a Conv2dShape) -> Self {
        let [batch, _, out_h, out_w] = shape.output();
        let (tiles_high, tiles_wide) = (out_h.div_ceil(2), out_w.div_ceil(2));
        let tiles = tiles_high * tiles_wide;
        let fitting = BLOCK_BYTES / size_of::<f32>() / POSITIONS / shape.input[1].max(1);
        let block = fitting.clamp(16, tiles.max(16)).min(tiles);
        let blocks = tiles.div_ceil(block);
        let block = tiles.div_ceil(blocks);
        let threads = rayon::current_num_threads();
        let parallelism = match batch * blocks >= threads {
            true => Parallelism::None,
            false => Parallelism::Rayon(threads),
        };
        Plan {
            shape,
            tiles_wide,
            tiles,
            block,
            blocks,
            parallelism,
        }
    }

    /// One block of tiles of one image: input transform, 16 GEMMs, output transform.
    ///
    /// # Safety
    /// As [`conv2d`]; this task's output tiles are written by it alone.
    unsafe fn run(
        &self,
        image: usize,
        block: usize,
        input: &[f32],
        u: &[f32],
        epilogue: &Epilogue,
        target: Target,
    ) {
        let [_, in_channels, height, width] = self.shape.input;
        let out_channels = self.shape.weight[0];
        let first = block * self.block;
        let tiles = first..(first + self.block).min(self.tiles);
        let count = tiles.len();
        let image_input =
            &input[image * in_channels * height * width..][..in_channels * height * width];
        with_scratch(
            POSITIONS * (in_channels + out_channels) * count,
            |scratch| {
                let (v, m) = scratch.split_at_mut(POSITIONS * in_channels * count);
                self.transform_input(image_input, tiles.clone(), v);
                for position in 0..POSITIONS {
                    let lhs =
                        &u[position * out_channels * in_channels..][..out_channels * in_channels];
                    let rhs = &v[position * in_channels * count..][..in_channels * count];
                    let dst = &mut m[position * out_channels * count..][..out_channels * count];
                    let views = (
                        View::rows(dst.as_mut_ptr(), count),
                        View::rows(lhs.as_ptr(), in_channels),
                        View::rows(rhs.as_ptr(), count),
                    );
                    let dims = [out_channels, count, in_channels];
                    // SAFETY: dst is out × count, lhs out × in, rhs in × count, all row-major.
                    unsafe { matmul(dims, views.0, false, views.1, views.2, self.parallelism) };
                }
                // SAFETY: the caller's promise, passed on.
                unsafe { self.transform_output(image, tiles, m, epilogue, target) };
            },
        );
    }

    /// `V = Bᵀ·d·B` of each tile's 4×4 input block `d` (zeros outside the image), laid out
    /// `[16][in_channels][count]`.
    fn transform_input(&self, image: &[f32], tiles: std::ops::Range<usize>, v: &mut [f32]) {
        let [_, in_channels, height, width] = self.shape.input;
        let [pad_y, pad_x] = self.shape.padding;
        let count = tiles.len();
        for channel in 0..in_channels {
            let plane = &image[channel * height * width..][..height * width];
            for (slot, tile) in tiles.clone().enumerate() {
                let (ty, tx) = (tile / self.tiles_wide, tile % self.tiles_wide);
                let mut d = [[0.0f32; 4]; 4];
                for (r, row) in d.iter_mut().enumerate() {
                    let Some(y) = (2 * ty + r).checked_sub(pad_y).filter(|&y| y < height) else {
                        continue;
                    };
                    for (c, value) in row.iter_mut().enumerate() {
                        if let Some(x) = (2 * tx + c).checked_sub(pad_x).filter(|&x| x < width) {
                            *value = plane[y * width + x];
                        }
                    }
                }
                // Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]] on rows, then on columns.
                let t = [
                    sub(d[0], d[2]),
                    add(d[1], d[2]),
                    sub(d[2], d[1]),
                    sub(d[1], d[3]),
                ];
                for (row, [a, b, c, e]) in t.into_iter().enumerate() {
                    let values = [a - c, b + c, c - b, b - e];
                    for (col, value) in values.into_iter().enumerate() {
                        v[((row * 4 + col) * in_channels + channel) * count + slot] = value;
                    }
                }
            }
        }
    }

    /// `Y = Aᵀ·M·A` of each tile (Aᵀ = [[1,1,1,0],[0,1,−1,−1]]), then the epilogue, into the
    /// output; tiles past the output's edge keep only their inside values.
    ///
    /// # Safety
    /// As [`conv2d`].
    unsafe fn transform_output(
        &self,
        image: usize,
        tiles: std::ops::Range<usize>,
        m: &[f32],
        epilogue: &Epilogue,
        target: Target,
    ) {
        let [_, out_channels, out_h, out_w] = self.shape.output();
        let count = tiles.len();
        for channel in 0..out_channels {
            let scale = epilogue.scale.map_or(1.0, |scale| scale[channel]);
            let shift = epilogue.shift.map_or(0.0, |shift| shift[channel]);
            let plane = (image * out_channels + channel) * out_h * out_w;
            for (slot, tile) in tiles.clone().enumerate() {
                let at = |position: usize| m[(position * out_channels + channel) * count + slot];
                let row = |r: usize| [at(4 * r), at(4 * r + 1), at(4 * r + 2), at(4 * r + 3)];
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3));
                let s0 = add(add(r0, r1), r2);
                let s1 = sub(sub(r1, r2), r3);
                let y = [
                    [s0[0] + s0[1] + s0[2], s0[1] - s0[2] - s0[3]],
                    [s1[0] + s1[1] + s1[2], s1[1] - s1[2] - s1[3]],
                ];
                let (ty, tx) = (tile / self.tiles_wide, tile % self.tiles_wide);
                for (dy, y_row) in y.into_iter().enumerate() {
                    let out_y = 2 * ty + dy;
                    if out_y >= out_h {
                        break;
                    }
                    for (dx, value) in y_row.into_iter().enumerate() {
                        let out_x = 2 * tx + dx;
                        if out_x >= out_w {
                            break;
                        }
                        let index = plane + out_y * out_w + out_x;
                        let residual = epilogue.residual.map_or(0.0, |r| r[index]);
                        let mut value = value * scale + shift + residual;
                        if epilogue.relu {
                            value = value.max(0.0);
                        }
                        // SAFETY: inside the output, in this task's tile.
                        unsafe { target.0.add(index).write(value) };
                    }
                }
            }
        }
    }
}

fn add(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

fn sub(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::{im2col_conv2d, with_output};

    /// Deterministic values in [-1, 1).
    fn values(len: usize, seed: u32) -> Vec<f32> {
        (0..len as u32)
            .map(|i| ((i ^ seed).wrapping_mul(2_654_435_761) >> 8) as f32 / (1 << 23) as f32 - 1.0)
            .collect()
    }

    /// Winograd against im2col on shapes `applies` may or may not pick on this machine:
    /// partial 2×2 tiles, paddings 0 to 2, several blocks, every epilogue part.
    #[test]
    fn winograd_equals_im2col() {
        let cases = [
            Conv2dShape::new([2, 7, 9, 8], [5, 7, 3, 3]),
            Conv2dShape::new([1, 6, 10, 7], [4, 6, 3, 3]).padding([2, 2]),
            Conv2dShape::new([1, 300, 23, 21], [5, 300, 3, 3]).padding([1, 1]),
            Conv2dShape::new([3, 4, 3, 3], [2, 4, 3, 3]).padding([1, 0]),
        ];
        for shape in cases {
            let shape = shape.checked().unwrap();
            let input = values(shape.input.iter().product(), 1);
            let weight = values(shape.weight.iter().product(), 2);
            let (scale, shift) = (values(shape.weight[0], 3), values(shape.weight[0], 4));
            let residual = values(shape.output().iter().product(), 5);
            let epilogue = Epilogue {
                scale: Some(&scale),
                shift: Some(&shift),
                residual: Some(&residual),
                relu: true,
            };
            let u = transform_weights(&shape, &weight);
            // SAFETY: both write every output value.
            let (winograd, im2col) = unsafe {
                (
                    with_output(&shape, |t| conv2d(&shape, &input, &u, &epilogue, t)),
                    with_output(&shape, |t| {
                        im2col_conv2d(&shape, &input, &weight, &epilogue, t)
                    }),
                )
            };
            for (a, b) in winograd.iter().zip(&im2col) {
                assert!(
                    (a - b).abs() <= 1e-4 * (1.0 + b.abs()),
                    "{shape:?}: {a} vs {b}"
                );
            }
        }
    }
}
