//! Max pooling on NCHW slices, for inference: each output row is the maximum of its window's
//! input rows (a vectorised element-wise pass), then of each window along that row; planes in
//! parallel. No indices are kept (training needs them: it runs Burn's operation).

use rayon::prelude::*;

use crate::ConvError;
use crate::error::expect_len;

/// A 2-D max pooling as PyTorch's `MaxPool2d` in floor mode without dilation: `kernel`,
/// `stride` and the same `padding` on both sides of each axis (at most half the kernel, so
/// every window holds an input value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxPool2dShape {
    input: [usize; 4],
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
}

impl MaxPool2dShape {
    /// The pooling of an `input` of `[batch, channels, height, width]`, or `None` when the
    /// kernel or stride is zero, a padding exceeds half its kernel, or the output is empty.
    ///
    /// ```
    /// use flex_conv::MaxPool2dShape;
    ///
    /// let stem = MaxPool2dShape::new([1, 64, 112, 112], [3, 3], [2, 2], [1, 1]).unwrap();
    /// assert_eq!(stem.output(), [1, 64, 56, 56]);
    /// assert!(MaxPool2dShape::new([1, 1, 4, 4], [3, 3], [1, 1], [2, 2]).is_none());
    /// ```
    pub fn new(
        input: [usize; 4],
        kernel: [usize; 2],
        stride: [usize; 2],
        padding: [usize; 2],
    ) -> Option<Self> {
        let shape = Self {
            input,
            kernel,
            stride,
            padding,
        };
        let axes_fit = (0..2)
            .all(|axis| kernel[axis] > 0 && stride[axis] > 0 && padding[axis] <= kernel[axis] / 2);
        (axes_fit && shape.output_axes().is_some_and(|[h, w]| h > 0 && w > 0)).then_some(shape)
    }

    /// The output's `[batch, channels, height, width]`.
    pub fn output(&self) -> [usize; 4] {
        let [height, width] = self.output_axes().unwrap_or([0, 0]);
        [self.input[0], self.input[1], height, width]
    }

    /// `(size + 2·padding − kernel) / stride + 1` per axis; `None` if the kernel does not fit.
    fn output_axes(&self) -> Option<[usize; 2]> {
        let axis = |a: usize| {
            let padded = self.input[2 + a].checked_add(2 * self.padding[a])?;
            Some(padded.checked_sub(self.kernel[a])? / self.stride[a] + 1)
        };
        Some([axis(0)?, axis(1)?])
    }

    /// The input rows (or columns, `axis` 1) of output row `out`'s window, clipped to the input.
    fn window(&self, axis: usize, out: usize) -> std::ops::Range<usize> {
        let start = out * self.stride[axis];
        let begin = start.saturating_sub(self.padding[axis]);
        let end = (start + self.kernel[axis] - self.padding[axis]).min(self.input[2 + axis]);
        begin..end
    }
}

/// The maximum over each window of `input` (NCHW, as `shape` says); a NaN in a window is its
/// maximum, as in PyTorch.
///
/// ```
/// use flex_conv::{MaxPool2dShape, max_pool2d};
///
/// let shape = MaxPool2dShape::new([1, 1, 2, 3], [2, 2], [1, 1], [0, 0]).unwrap();
/// let pooled = max_pool2d(&shape, &[1.0, 5.0, 2.0, 4.0, 3.0, 6.0]).unwrap();
/// assert_eq!(pooled, [5.0, 6.0]);
/// ```
pub fn max_pool2d(shape: &MaxPool2dShape, input: &[f32]) -> Result<Vec<f32>, ConvError> {
    expect_len("input", shape.input, input)?;
    let [_, _, height, width] = shape.input;
    let [_, _, out_height, out_width] = shape.output();
    let mut output = vec![0.0; shape.output().iter().product()];
    output
        .par_chunks_mut(out_height * out_width)
        .zip(input.par_chunks(height * width))
        .for_each_init(
            || vec![0.0; width],
            |rows_max, (out_plane, plane)| {
                for (row, out_row) in out_plane.chunks_exact_mut(out_width).enumerate() {
                    window_rows_max(plane, width, shape.window(0, row), rows_max);
                    for (column, out) in out_row.iter_mut().enumerate() {
                        *out = rows_max[shape.window(1, column)]
                            .iter()
                            .fold(f32::NEG_INFINITY, |max, &x| nan_max(x, max));
                    }
                }
            },
        );
    Ok(output)
}

/// `rows_max[x]`: the maximum of column `x` over `rows` of `plane` (rows of `width` values).
fn window_rows_max(
    plane: &[f32],
    width: usize,
    rows: std::ops::Range<usize>,
    rows_max: &mut [f32],
) {
    rows_max.fill(f32::NEG_INFINITY);
    for row in plane.chunks_exact(width).take(rows.end).skip(rows.start) {
        rows_max
            .iter_mut()
            .zip(row)
            .for_each(|(max, &x)| *max = nan_max(x, *max));
    }
}

/// `x` if it is larger than `max` or NaN, else `max`: NaN wins, whichever side it is on.
fn nan_max(x: f32, max: f32) -> f32 {
    if x > max || x.is_nan() { x } else { max }
}
