//! Im2col for one tile of output pixels (the patch matrix the GEMM multiplies the weights
//! by), and its inverse, col2im, for the input's gradient.

use std::ops::Range;

use crate::Conv2dShape;
use crate::kernel::with_scratch;

/// Fills `col` (`patch_len` rows × `pixels.len()` columns, row-major) with the input values
/// each kernel tap of each channel sees at the output pixels `pixels` (raster order), reading
/// the channels of one group from `input` (`in_channels_of_group × height × width`).
///
/// Every element of `col` is written exactly once: padding becomes zeros, nothing is
/// zero-filled in advance. Rows of stride-1 taps are plain copies; when the output keeps the
/// input's size, each tap's row is one copy of the plane, shifted.
pub(crate) fn fill_tile(shape: &Conv2dShape, input: &[f32], pixels: Range<usize>, col: &mut [f32]) {
    let [_, channels, kernel_h, kernel_w] = shape.weight;
    let [height, width] = [shape.input[2], shape.input[3]];
    let tile_len = pixels.len();
    let mut rows = col.chunks_exact_mut(tile_len);
    for channel in 0..channels {
        let plane = &input[channel * height * width..][..height * width];
        for ky in 0..kernel_h {
            for kx in 0..kernel_w {
                // One row per tap, in the weight's (channel, ky, kx) order.
                let row = rows.next().expect("col holds patch_len rows");
                match keeps_size(shape) {
                    true => fill_shifted_row(shape, plane, [ky, kx], pixels.clone(), row),
                    false => fill_row(shape, plane, [ky, kx], pixels.clone(), row),
                }
            }
        }
    }
}

/// Runs `f` on the im2col matrix of the output pixels `pixels` (patch rows × `pixels.len()`
/// columns), given as its first value and the distance between its rows: for a pointwise
/// convolution the group's input itself, else a tile filled by [`fill_tile`] in scratch.
pub(crate) fn with_patches(
    shape: &Conv2dShape,
    input: &[f32],
    pixels: Range<usize>,
    f: impl FnOnce(*const f32, usize),
) {
    if shape.is_pointwise() {
        return f(input[pixels.start..].as_ptr(), shape.output_pixels());
    }
    with_scratch(shape.patch_len() * pixels.len(), |col| {
        fill_tile(shape, input, pixels.clone(), col);
        f(col.as_ptr(), pixels.len())
    });
}

/// True for a stride-1 convolution whose padding keeps the input's size: output pixel `p`
/// then sees, through a tap, input pixel `p + offset` (one offset per tap), when inside.
fn keeps_size(shape: &Conv2dShape) -> bool {
    let [_, _, out_height, out_width] = shape.output();
    shape.stride == [1, 1] && [out_height, out_width] == [shape.input[2], shape.input[3]]
}

/// [`fill_row`] for [`keeps_size`] convolutions: one copy of the plane shifted by the tap's
/// offset, then zeros where the tap falls outside (above, below, and the columns that
/// wrapped around from the neighbouring row).
fn fill_shifted_row(
    shape: &Conv2dShape,
    plane: &[f32],
    tap: [usize; 2],
    pixels: Range<usize>,
    row: &mut [f32],
) {
    let width = shape.input[3];
    let shift =
        |axis: usize| (tap[axis] * shape.dilation[axis]) as isize - shape.padding[axis] as isize;
    let (dy, dx) = (shift(0), shift(1));
    let offset = dy * width as isize + dx;
    // Output pixels whose shifted index is inside the plane, clamped to the tile.
    let clamp = |p: isize| p.clamp(pixels.start as isize, pixels.end as isize) as usize;
    let inside = clamp(-offset)..clamp(plane.len() as isize - offset);
    let local = |p: usize| p - pixels.start;
    row[..local(inside.start)].fill(0.0);
    row[local(inside.end)..].fill(0.0);
    if inside.is_empty() {
        return;
    }
    let source = (inside.start as isize + offset) as usize;
    row[local(inside.start)..local(inside.end)].copy_from_slice(&plane[source..][..inside.len()]);
    // Columns x with x + dx outside the row read the neighbouring row: zero them.
    let wrapped = match dx {
        0 => return,
        dx if dx < 0 => 0..(-dx as usize).min(width),
        dx => width.saturating_sub(dx as usize)..width,
    };
    let rows = inside.start / width..inside.end.div_ceil(width);
    for y in rows {
        let columns = (y * width + wrapped.start).max(inside.start)
            ..(y * width + wrapped.end).min(inside.end);
        if !columns.is_empty() {
            row[local(columns.start)..local(columns.end)].fill(0.0);
        }
    }
}

/// One tap's row: for each output pixel, the input value under tap `(ky, kx)`, or zero.
fn fill_row(
    shape: &Conv2dShape,
    plane: &[f32],
    tap: [usize; 2],
    pixels: Range<usize>,
    row: &mut [f32],
) {
    let width = shape.input[3];
    for run in runs(shape, tap[0], pixels) {
        let dst = &mut row[run.cols];
        match run.input_row {
            Some(in_y) => fill_run(
                shape,
                &plane[in_y * width..][..width],
                tap[1],
                run.out_x,
                dst,
            ),
            None => dst.fill(0.0),
        }
    }
}

/// The inverse of [`fill_tile`] (col2im): adds each value of `col` to the input position it
/// was read from (padding positions are dropped), into the channels of one group in `input`.
pub(crate) fn add_tile(shape: &Conv2dShape, col: &[f32], pixels: Range<usize>, input: &mut [f32]) {
    let [_, channels, kernel_h, kernel_w] = shape.weight;
    let [height, width] = [shape.input[2], shape.input[3]];
    let mut rows = col.chunks_exact(pixels.len());
    for channel in 0..channels {
        let plane = &mut input[channel * height * width..][..height * width];
        for ky in 0..kernel_h {
            for kx in 0..kernel_w {
                let row = rows.next().expect("col holds patch_len rows");
                for run in runs(shape, ky, pixels.clone()) {
                    if let Some(in_y) = run.input_row {
                        let line = &mut plane[in_y * width..][..width];
                        add_run(shape, &row[run.cols], kx, run.out_x, line);
                    }
                }
            }
        }
    }
}

/// Output pixels of a tile that lie on one output row: where they sit in the tile's row
/// (`cols`), the first one's column, and the input row tap `ky` reads for them (`None` on
/// the padding).
struct Run {
    cols: Range<usize>,
    out_x: usize,
    input_row: Option<usize>,
}

/// The tile's pixels `pixels`, cut at the ends of output rows.
fn runs(shape: &Conv2dShape, ky: usize, pixels: Range<usize>) -> impl Iterator<Item = Run> + '_ {
    let out_width = shape.output()[3];
    let mut pixel = pixels.start;
    std::iter::from_fn(move || {
        (pixel < pixels.end).then(|| {
            let (out_y, out_x) = (pixel / out_width, pixel % out_width);
            let len = (out_width - out_x).min(pixels.end - pixel);
            let offset = pixel - pixels.start;
            pixel += len;
            Run {
                cols: offset..offset + len,
                out_x,
                input_row: input_index(out_y, ky, 0, shape, shape.input[2]),
            }
        })
    })
}

/// Adds `values` (output columns `out_x..`, seen through tap `kx`) to the input row `line`.
fn add_run(shape: &Conv2dShape, values: &[f32], kx: usize, out_x: usize, line: &mut [f32]) {
    let span = Span::new(shape, line.len(), kx, out_x, values.len());
    let inside = &values[span.first..span.end];
    for (&value, x) in inside.iter().zip((span.start..).step_by(shape.stride[1])) {
        line[x] += value;
    }
}

/// Output columns `out_x..out_x + dst.len()` of one output row, seen through tap `kx` on the
/// input row `line`.
fn fill_run(shape: &Conv2dShape, line: &[f32], kx: usize, out_x: usize, dst: &mut [f32]) {
    let span = Span::new(shape, line.len(), kx, out_x, dst.len());
    dst[..span.first].fill(0.0);
    dst[span.end..].fill(0.0);
    if span.first == span.end {
        return;
    }
    let inside = &mut dst[span.first..span.end];
    match shape.stride[1] {
        1 => inside.copy_from_slice(&line[span.start..][..inside.len()]),
        stride => {
            for (value, x) in inside.iter_mut().zip((span.start..).step_by(stride)) {
                *value = line[x];
            }
        }
    }
}

/// Where a run of output columns falls on an input row through one tap: outputs
/// `first..end` (relative to the run) read the row from input column `start` on, every
/// `stride`; the others fall on the padding.
struct Span {
    first: usize,
    end: usize,
    start: usize,
}

impl Span {
    fn new(shape: &Conv2dShape, width: usize, kx: usize, out_x: usize, len: usize) -> Self {
        let (stride, dilation, padding) = (shape.stride[1], shape.dilation[1], shape.padding[1]);
        let offset = kx * dilation; // input x = out_x·stride + offset − padding
        let first = padding
            .saturating_sub(offset)
            .div_ceil(stride)
            .saturating_sub(out_x)
            .min(len);
        let end = (width + padding)
            .checked_sub(offset)
            .map_or(0, |reach| reach.div_ceil(stride))
            .saturating_sub(out_x)
            .clamp(first, len);
        // Meaningful only when first < end (then it does not underflow).
        let start = ((out_x + first) * stride + offset).saturating_sub(padding);
        Span { first, end, start }
    }
}

/// The input row (or column) that output `out` sees through tap `k` along `axis`, if inside.
fn input_index(
    out: usize,
    k: usize,
    axis: usize,
    shape: &Conv2dShape,
    size: usize,
) -> Option<usize> {
    let at = out * shape.stride[axis] + k * shape.dilation[axis];
    at.checked_sub(shape.padding[axis]).filter(|&i| i < size)
}
