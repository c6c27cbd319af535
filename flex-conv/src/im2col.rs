//! Im2col for one tile of output pixels: the patch matrix the GEMM multiplies the weights by.

use crate::Conv2dShape;

/// Fills `col` (`patch_len` rows × `pixels.len()` columns, row-major) with the input values
/// each kernel tap of each channel sees at the output pixels `pixels` (raster order), reading
/// the channels of one group from `input` (`in_channels_of_group × height × width`).
///
/// Every element of `col` is written exactly once: padding becomes zeros, nothing is
/// zero-filled in advance. Rows of stride-1 taps are plain copies.
pub(crate) fn fill_tile(
    shape: &Conv2dShape,
    input: &[f32],
    pixels: std::ops::Range<usize>,
    col: &mut [f32],
) {
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
                fill_row(shape, plane, [ky, kx], pixels.clone(), row);
            }
        }
    }
}

/// One tap's row: for each output pixel, the input value under tap `(ky, kx)`, or zero.
fn fill_row(
    shape: &Conv2dShape,
    plane: &[f32],
    tap: [usize; 2],
    pixels: std::ops::Range<usize>,
    row: &mut [f32],
) {
    let [height, width] = [shape.input[2], shape.input[3]];
    let out_width = shape.output()[3];
    let mut written = 0;
    let mut pixel = pixels.start;
    while pixel < pixels.end {
        let (out_y, out_x) = (pixel / out_width, pixel % out_width);
        let run = (out_width - out_x).min(pixels.end - pixel);
        let dst = &mut row[written..written + run];
        match input_index(out_y, tap[0], 0, shape, height) {
            Some(in_y) => {
                let line = &plane[in_y * width..][..width];
                fill_run(shape, line, tap[1], out_x, dst);
            }
            None => dst.fill(0.0),
        }
        written += run;
        pixel += run;
    }
}

/// Output columns `out_x..out_x + dst.len()` of one output row, seen through tap `kx` on the
/// input row `line`.
fn fill_run(shape: &Conv2dShape, line: &[f32], kx: usize, out_x: usize, dst: &mut [f32]) {
    let width = line.len();
    let (stride, dilation, padding) = (shape.stride[1], shape.dilation[1], shape.padding[1]);
    let offset = kx * dilation; // input x = out_x·stride + offset − padding
    // The outputs whose input x falls inside the row: first ≤ x < end (relative to `out_x`).
    let first = padding
        .saturating_sub(offset)
        .div_ceil(stride)
        .saturating_sub(out_x);
    let end = (width + padding)
        .checked_sub(offset)
        .map_or(0, |reach| reach.div_ceil(stride))
        .saturating_sub(out_x);
    let (first, end) = (
        first.min(dst.len()),
        end.clamp(first.min(dst.len()), dst.len()),
    );
    dst[..first].fill(0.0);
    dst[end..].fill(0.0);
    if first == end {
        return;
    }
    let start = (out_x + first) * stride + offset - padding;
    let inside = &mut dst[first..end];
    if stride == 1 {
        inside.copy_from_slice(&line[start..start + inside.len()]);
    } else {
        for (value, x) in inside.iter_mut().zip((start..).step_by(stride)) {
            *value = line[x];
        }
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
