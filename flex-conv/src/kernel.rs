//! [`conv2d`]: im2col tiles multiplied by the weights with `gemm`, the epilogue applied on
//! each output tile, tiles run in parallel.

use std::cell::RefCell;

use gemm::Parallelism;

use crate::depth_split;
use crate::error::expect_len;
use crate::im2col::with_patches;
use crate::matmul::{View, matmul};
use crate::tiling::{Tiling, for_each_task, gemm_parallelism};
use crate::winograd;
use crate::{Conv2dShape, ConvError, Epilogue};

/// The NCHW convolution of `input` by `weight` (shapes in `shape`), followed by `epilogue`.
///
/// Stride-1 3×3 convolutions with enough output pixels run Winograd F(2×2, 3×3) (2.25× fewer
/// multiplications). Others: output pixels are split into tiles whose im2col matrix fits in
/// L2; each (image, group, tile) is one task, run on rayon's pool with a single-threaded GEMM
/// writing straight into the output. When there are fewer tasks than threads, tasks run in
/// turn and the GEMM itself is parallel. 1×1 stride-1 convolutions skip im2col: the input is
/// the GEMM's matrix.
///
/// ```
/// use flex_conv::{Conv2dShape, Epilogue, conv2d};
///
/// let shape = Conv2dShape::new([1, 1, 3, 3], [1, 1, 2, 2]).checked().unwrap();
/// let input: Vec<f32> = (1..=9).map(|v| v as f32).collect();
/// let out = conv2d(&shape, &input, &[1.0; 4], &Epilogue::default()).unwrap();
/// assert_eq!(out, [12.0, 16.0, 24.0, 28.0]);
/// ```
pub fn conv2d(
    shape: &Conv2dShape,
    input: &[f32],
    weight: &[f32],
    epilogue: &Epilogue,
) -> Result<Vec<f32>, ConvError> {
    check_lengths(shape, input, weight, epilogue)?;
    // SAFETY: both write every output value, through `target` only.
    let output = match winograd::applies(shape) {
        true => unsafe {
            with_output(shape, |target| {
                let u = winograd::transform_weights(shape, weight);
                winograd::conv2d(shape, input, &u, epilogue, target)
            })
        },
        false => unsafe {
            with_output(shape, |target| {
                im2col_conv2d(shape, input, weight, epilogue, target)
            })
        },
    };
    Ok(output)
}

/// A new output vector, filled by `fill`.
///
/// # Safety
/// `fill` writes every one of the output's values through the [`Target`] it is given.
pub(crate) unsafe fn with_output(shape: &Conv2dShape, fill: impl FnOnce(Target)) -> Vec<f32> {
    let len: usize = shape.output().iter().product();
    let mut output = Vec::with_capacity(len);
    fill(Target(output.as_mut_ptr()));
    // SAFETY: the caller's promise: every value was written.
    unsafe { output.set_len(len) };
    output
}

/// The im2col convolution (every shape), written to `target`.
///
/// # Safety
/// `target` holds the output's values, written by nobody else.
pub(crate) unsafe fn im2col_conv2d(
    shape: &Conv2dShape,
    input: &[f32],
    weight: &[f32],
    epilogue: &Epilogue,
    target: Target,
) {
    let plan = Plan::new(shape);
    if depth_split::applies(shape, &plan.tiling) {
        // SAFETY: the caller's promise, passed on.
        return unsafe {
            depth_split::conv2d(shape, &plan.tiling, input, weight, epilogue, target)
        };
    }
    for_each_task(plan.tasks, |task| {
        // SAFETY: tasks write disjoint parts of the output (their image, group channels and
        // pixel range), each element exactly once, and read only what they wrote.
        unsafe { plan.run(task, input, weight, epilogue, target) }
    });
}

fn check_lengths(
    shape: &Conv2dShape,
    input: &[f32],
    weight: &[f32],
    epilogue: &Epilogue,
) -> Result<(), ConvError> {
    let per_channel = [shape.weight[0], 1, 1, 1];
    expect_len("the input", shape.input, input)?;
    expect_len("the weight", shape.weight, weight)?;
    if let Some(scale) = epilogue.scale {
        expect_len("the scale", per_channel, scale)?;
    }
    if let Some(shift) = epilogue.shift {
        expect_len("the shift", per_channel, shift)?;
    }
    if let Some(residual) = epilogue.residual {
        expect_len("the residual", shape.output(), residual)?;
    }
    Ok(())
}

/// The output, shared by the tasks that each write their own part of it.
#[derive(Clone, Copy)]
pub(crate) struct Target(pub(crate) *mut f32);
// SAFETY: see `conv2d`: writes through it are disjoint between tasks.
unsafe impl Send for Target {}
unsafe impl Sync for Target {}

impl Target {
    /// The output's first value (a method, so closures capture the `Send` wrapper).
    pub(crate) fn ptr(self) -> *mut f32 {
        self.0
    }
}

/// How a convolution is cut into tasks: one per tile of each group of each image.
struct Plan<'a> {
    shape: &'a Conv2dShape,
    tiling: Tiling,
    tasks: usize,
    gemm_parallelism: Parallelism,
}

impl<'a> Plan<'a> {
    fn new(shape: &'a Conv2dShape) -> Self {
        let tiling = Tiling::new(shape);
        let tasks = shape.input[0] * shape.groups * tiling.tiles;
        Plan {
            shape,
            tiling,
            tasks,
            gemm_parallelism: gemm_parallelism(tasks),
        }
    }

    /// Computes task `task`: one tile of one group of one image.
    ///
    /// # Safety
    /// `target` points to the whole output; no other task writes this task's part.
    unsafe fn run(
        &self,
        task: usize,
        input: &[f32],
        weight: &[f32],
        epilogue: &Epilogue,
        target: Target,
    ) {
        let shape = self.shape;
        let (image_group, tile) = (task / self.tiling.tiles, task % self.tiling.tiles);
        let (image, group) = (image_group / shape.groups, image_group % shape.groups);
        let pixels = shape.output_pixels();
        let range = self.tiling.pixels(tile);
        let [_, in_channels, height, width] = shape.input;
        let group_in = shape.weight[1];
        let plane = height * width;
        let group_input =
            &input[(image * in_channels + group * group_in) * plane..][..group_in * plane];
        let out_channels = shape.group_out_channels();
        let first_channel = group * out_channels;
        let patch = shape.patch_len();
        let group_weight = &weight[first_channel * patch..][..out_channels * patch];
        let out_offset = (image * shape.weight[0] + first_channel) * pixels + range.start;
        // SAFETY: inside the output: image < batch, channels of this group, pixels < pixels.
        let dst = unsafe { target.0.add(out_offset) };
        let dims = [out_channels, range.len(), patch];
        let dst_view = View::rows(dst, pixels);
        let lhs = View::rows(group_weight.as_ptr(), patch);
        let parallelism = self.gemm_parallelism;
        with_patches(shape, group_input, range.clone(), |col, row_stride| {
            let rhs = View::rows(col, row_stride);
            // SAFETY: `col` is patch × range.len(), rows `row_stride` apart.
            unsafe { matmul(dims, dst_view, false, lhs, rhs, parallelism) };
        });
        if !epilogue.is_identity() {
            for channel in 0..out_channels {
                let row_offset = channel * pixels;
                // SAFETY: the gemm above wrote these `range.len()` values of this row.
                let row =
                    unsafe { std::slice::from_raw_parts_mut(dst.add(row_offset), range.len()) };
                let residual = epilogue
                    .residual
                    .map(|residual| &residual[out_offset + row_offset..][..range.len()]);
                epilogue.apply(first_channel + channel, row, residual);
            }
        }
    }
}

thread_local! {
    /// Each thread's im2col tile, reused from call to call.
    static SCRATCH: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on this thread's scratch buffer of `len` values (contents unspecified).
///
/// The buffer is taken out of the thread-local while `f` runs, so a nested call (a rayon
/// thread waiting in a parallel GEMM may run another task) gets a fresh one.
pub(crate) fn with_scratch(len: usize, f: impl FnOnce(&mut [f32])) {
    let mut scratch = SCRATCH.with(RefCell::take);
    if scratch.len() < len {
        scratch.resize(len, 0.0);
    }
    f(&mut scratch[..len]);
    SCRATCH.with(|cell| {
        if cell.borrow().len() < scratch.len() {
            cell.replace(scratch);
        }
    });
}
