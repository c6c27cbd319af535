//! [`matmul`]: the one place the `gemm` crate is called, on strided matrix views.

use gemm::Parallelism;

/// A matrix in memory: element `(row, col)` at `ptr + row·row_stride + col·col_stride`.
#[derive(Clone, Copy)]
pub(crate) struct View<P> {
    pub(crate) ptr: P,
    pub(crate) row_stride: usize,
    pub(crate) col_stride: usize,
}

impl<P> View<P> {
    /// A row-major matrix whose rows are `row_stride` values apart.
    pub(crate) fn rows(ptr: P, row_stride: usize) -> Self {
        View {
            ptr,
            row_stride,
            col_stride: 1,
        }
    }

    /// The transpose of a row-major matrix whose rows are `row_stride` values apart.
    pub(crate) fn transposed(ptr: P, row_stride: usize) -> Self {
        View {
            ptr,
            row_stride: 1,
            col_stride: row_stride,
        }
    }
}

/// `[rows, cols, depth]` of `dst (rows × cols) = lhs (rows × depth) · rhs (depth × cols)`.
pub(crate) type Dims = [usize; 3];

/// `dst = lhs · rhs`, or `dst += lhs · rhs` when `accumulate`.
///
/// # Safety
/// Each view is valid for the rows and columns `dims` gives it; `dst` is written by nobody
/// else meanwhile.
pub(crate) unsafe fn matmul(
    [rows, cols, depth]: Dims,
    dst: View<*mut f32>,
    accumulate: bool,
    lhs: View<*const f32>,
    rhs: View<*const f32>,
    parallelism: Parallelism,
) {
    let stride = |value: usize| value as isize;
    // SAFETY: the caller's promise. gemm computes dst := alpha·dst + beta·lhs·rhs, reading
    // dst only when asked to.
    unsafe {
        gemm::gemm(
            rows,
            cols,
            depth,
            dst.ptr,
            stride(dst.col_stride),
            stride(dst.row_stride),
            accumulate,
            lhs.ptr,
            stride(lhs.col_stride),
            stride(lhs.row_stride),
            rhs.ptr,
            stride(rhs.col_stride),
            stride(rhs.row_stride),
            if accumulate { 1.0 } else { 0.0 },
            1.0,
            false,
            false,
            false,
            parallelism,
        )
    }
}
