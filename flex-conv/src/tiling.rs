//! How a convolution's output pixels are cut into im2col tiles, and how tasks are run.

use std::ops::Range;

use gemm::Parallelism;
use rayon::prelude::*;

use crate::Conv2dShape;

/// Bytes of one im2col tile: half of a 2 MiB L2, leaving room for gemm's packed blocks and
/// the output tile (256 KiB to 1.5 MiB measured alike on ResNet's layers).
const TILE_BYTES: usize = 1024 * 1024;
/// The fewest output pixels in a tile (below this, gemm's micro-kernels run mostly empty).
const MIN_TILE_PIXELS: usize = 64;

/// Each image's output pixels in tiles of equal size, as few as keep a tile's im2col matrix
/// (patch rows × tile pixels) within [`TILE_BYTES`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tiling {
    /// Pixels in a tile (the last may hold fewer).
    pub(crate) tile: usize,
    /// Tiles per image.
    pub(crate) tiles: usize,
    pixels: usize,
}

impl Tiling {
    pub(crate) fn new(shape: &Conv2dShape) -> Self {
        let pixels = shape.output_pixels();
        let fitting = TILE_BYTES / size_of::<f32>() / shape.patch_len().max(1);
        let tile = fitting.max(MIN_TILE_PIXELS).min(pixels.max(1));
        let tiles = pixels.div_ceil(tile);
        Tiling {
            tile: pixels.div_ceil(tiles.max(1)),
            tiles,
            pixels,
        }
    }

    /// The output pixels (raster order) of tile `tile`.
    pub(crate) fn pixels(&self, tile: usize) -> Range<usize> {
        let start = tile * self.tile;
        start..(start + self.tile).min(self.pixels)
    }
}

/// The parallelism of a GEMM run inside one of `tasks` tasks: none when the tasks alone keep
/// every thread busy, else all threads (the tasks then run in turn, see [`for_each_task`]).
pub(crate) fn gemm_parallelism(tasks: usize) -> Parallelism {
    let threads = rayon::current_num_threads();
    match tasks >= threads || threads == 1 {
        true => Parallelism::None,
        false => Parallelism::Rayon(threads),
    }
}

/// Runs `run` for tasks `0..tasks`: on rayon's pool when their GEMMs are single-threaded,
/// in turn otherwise (no nested parallelism around a threaded GEMM).
pub(crate) fn for_each_task(tasks: usize, run: impl Fn(usize) + Sync + Send) {
    match gemm_parallelism(tasks) {
        Parallelism::None => (0..tasks).into_par_iter().for_each(run),
        _ => (0..tasks).for_each(run),
    }
}
