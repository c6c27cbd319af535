//! Border padding, as mmcv's `impad` (OpenCV's `copyMakeBorder`).

use serde::Deserialize;

use crate::image::{Image, check_size};

/// How the new border is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PaddingMode {
    /// `pad_val` everywhere.
    Constant,
    /// The nearest edge pixel repeated.
    Edge,
    /// Mirrored without repeating the edge: `[1, 2, 3]` → `3 2 | 1 2 3 | 2 1`.
    Reflect,
    /// Mirrored, repeating the edge: `[1, 2, 3]` → `2 1 | 1 2 3 | 3 2`.
    Symmetric,
}

/// Pixels added on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Padding {
    /// Columns on the left.
    pub left: usize,
    /// Rows on top.
    pub top: usize,
    /// Columns on the right.
    pub right: usize,
    /// Rows at the bottom.
    pub bottom: usize,
}

/// `image` with `padding` added, filled per `mode` (`value` per channel for `Constant`).
/// Outputs over [`MAX_PIXELS`](crate::image::MAX_PIXELS) are errors.
pub fn pad(
    image: &Image,
    padding: Padding,
    mode: PaddingMode,
    value: &[u8],
) -> Result<Image, String> {
    let height = image.height + padding.top + padding.bottom;
    let width = image.width + padding.left + padding.right;
    check_size(height, width)?;
    let c = image.channels;
    let mut data = Vec::with_capacity(height * width * c);
    for y in 0..height {
        let sy = source(y as isize - padding.top as isize, image.height, mode);
        for x in 0..width {
            let sx = source(x as isize - padding.left as isize, image.width, mode);
            match (sy, sx) {
                (Some(sy), Some(sx)) => {
                    let at = (sy * image.width + sx) * c;
                    data.extend_from_slice(&image.data[at..at + c]);
                }
                _ => data.extend((0..c).map(|k| value[k.min(value.len() - 1)])),
            }
        }
    }
    Ok(Image {
        height,
        width,
        channels: c,
        data,
    })
}

/// The source index of `i` in a line of `n` pixels, or `None` for the constant border.
fn source(i: isize, n: usize, mode: PaddingMode) -> Option<usize> {
    let n = n as isize;
    if (0..n).contains(&i) {
        return Some(i as usize);
    }
    let mut i = i;
    match mode {
        PaddingMode::Constant => return None,
        PaddingMode::Edge => i = i.clamp(0, n - 1),
        PaddingMode::Reflect | PaddingMode::Symmetric if n == 1 => i = 0,
        PaddingMode::Reflect => {
            while !(0..n).contains(&i) {
                i = if i < 0 { -i } else { 2 * n - 2 - i };
            }
        }
        PaddingMode::Symmetric => {
            while !(0..n).contains(&i) {
                i = if i < 0 { -i - 1 } else { 2 * n - 1 - i };
            }
        }
    }
    Some(i as usize)
}
