//! OpenCV's `cv2.warpAffine(img, M, (w, h), flags=…, borderMode=BORDER_CONSTANT,
//! borderValue=…)` on 8-bit images, as mmcv's `imrotate`, `imshear` and `imtranslate` call it,
//! with the arithmetic of OpenCV's float warp kernels (OpenCV 4.11 and later; checked against
//! OpenCV 5.1): the matrix inverted in `f64`; each output pixel's source position in `f64`;
//! nearest rounds it half up, bilinear and bicubic (a = −0.75) interpolate in `f32` from its
//! floor with fused multiply–adds, rounding half to even; taps outside the image take the
//! border value.
//!
//! No well-kept crate reproduces this (`imageproc`'s warps take other pixel centres and
//! Catmull–Rom cubics), hence this file. Measured against OpenCV in `tests/transforms_augment.rs`.

use crate::image::Image;

/// How `warp_affine` samples the source (mmcv's `interpolation` names; `area` is OpenCV's
/// bilinear in a warp).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarpInterpolation {
    /// `INTER_NEAREST`.
    Nearest,
    /// `INTER_LINEAR`.
    Bilinear,
    /// `INTER_CUBIC` (a = −0.75).
    Bicubic,
}

/// The inverse of the 2 × 3 affine `m`, as OpenCV computes it (a singular matrix gives zeros).
fn invert([a, b, c, d, e, f]: [f64; 6]) -> [f64; 6] {
    let det = a * e - b * d;
    let det = if det != 0.0 { 1.0 / det } else { 0.0 };
    let (a2, b2, d2, e2) = (e * det, -b * det, -d * det, a * det);
    [a2, b2, -a2 * c - b2 * f, d2, e2, -d2 * c - e2 * f]
}

/// OpenCV's cubic weights of the four taps around a fraction `x` (`interpolateCubic`).
fn cubic_weights(x: f32) -> [f32; 4] {
    const A: f32 = -0.75;
    let c0 = ((A * (x + 1.0) - 5.0 * A) * (x + 1.0) + 8.0 * A) * (x + 1.0) - 4.0 * A;
    let c1 = ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0;
    let c2 = ((A + 2.0) * (1.0 - x) - (A + 3.0)) * (1.0 - x) * (1.0 - x) + 1.0;
    [c0, c1, c2, 1.0 - c0 - c1 - c2]
}

/// An 8-bit image read with a constant border.
struct Bordered<'a> {
    image: &'a Image,
    border: [u8; 4],
}

impl Bordered<'_> {
    /// Channel `c` at (`x`, `y`), or the border's outside the image.
    fn tap(&self, x: i64, y: i64, c: usize) -> f32 {
        let image = self.image;
        if x < 0 || y < 0 || x >= image.width as i64 || y >= image.height as i64 {
            return self.border[c] as f32;
        }
        image.data[(y as usize * image.width + x as usize) * image.channels + c] as f32
    }

    /// Channel `c` at the source position (`sx`, `sy`).
    fn sample(&self, sx: f64, sy: f64, c: usize, interpolation: WarpInterpolation) -> u8 {
        let value = match interpolation {
            WarpInterpolation::Nearest => {
                return self.tap((sx + 0.5).floor() as i64, (sy + 0.5).floor() as i64, c) as u8;
            }
            WarpInterpolation::Bilinear => self.bilinear(sx as f32, sy as f32, c),
            WarpInterpolation::Bicubic => self.bicubic(sx as f32, sy as f32, c),
        };
        value.round_ties_even().clamp(0.0, 255.0) as u8
    }

    fn bilinear(&self, sx: f32, sy: f32, c: usize) -> f32 {
        let (fx, fy) = (sx.floor(), sy.floor());
        let (ax, ay) = (sx - fx, sy - fy);
        let (x, y) = (fx as i64, fy as i64);
        let (p00, p01) = (self.tap(x, y, c), self.tap(x + 1, y, c));
        let (p10, p11) = (self.tap(x, y + 1, c), self.tap(x + 1, y + 1, c));
        let top = ax.mul_add(p01 - p00, p00);
        let bottom = ax.mul_add(p11 - p10, p10);
        ay.mul_add(bottom - top, top)
    }

    fn bicubic(&self, sx: f32, sy: f32, c: usize) -> f32 {
        let (fx, fy) = (sx.floor(), sy.floor());
        let (wx, wy) = (cubic_weights(sx - fx), cubic_weights(sy - fy));
        let (x, y) = (fx as i64 - 1, fy as i64 - 1);
        (0..4).fold(0.0, |sum, i| {
            let row = (0..4).fold(0.0, |row, j| {
                self.tap(x + j, y + i, c).mul_add(wx[j as usize], row)
            });
            row.mul_add(wy[i as usize], sum)
        })
    }
}

/// `src` warped by the 2 × 3 affine `matrix` (row-major, mapping source to output, as given to
/// `cv2.warpAffine` without `WARP_INVERSE_MAP`), same size, with the constant `border` (cv2's
/// `Scalar`: channel `c` takes `border[c]`).
///
/// # Panics
///
/// If the image has more than 4 channels (OpenCV's `Scalar` has 4).
///
/// ```
/// use datasets::Image;
/// use datasets::warp_affine::{WarpInterpolation, warp_affine};
///
/// let image = Image::new(1, 3, 1, vec![10, 20, 30]).unwrap();
/// // A shift one pixel right: the first column comes from outside, the border.
/// let shift = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
/// let moved = warp_affine(&image, shift, WarpInterpolation::Bilinear, [99, 0, 0, 0]);
/// assert_eq!(moved.data, [99, 10, 20]);
/// ```
pub fn warp_affine(
    src: &Image,
    matrix: [f64; 6],
    interpolation: WarpInterpolation,
    border: [u8; 4],
) -> Image {
    assert!(src.channels <= 4, "cv2.warpAffine takes at most 4 channels");
    let [a, b, c, d, e, f] = invert(matrix);
    let source = Bordered { image: src, border };
    let mut data = Vec::with_capacity(src.data.len());
    for y in 0..src.height {
        for x in 0..src.width {
            let (x, y) = (x as f64, y as f64);
            let (sx, sy) = (a * x + b * y + c, d * x + e * y + f);
            data.extend((0..src.channels).map(|ch| source.sample(sx, sy, ch, interpolation)));
        }
    }
    Image { data, ..*src }
}
