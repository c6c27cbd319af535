//! An image as mmcv holds one: height × width × channels, `u8`, rows first.

/// The most pixels a transform may produce (2²⁶, an 8192 × 8192 image): larger outputs of a
/// resize or a padding are errors, not allocations.
pub const MAX_PIXELS: usize = 1 << 26;

/// Checks that a `height` × `width` output stays within [`MAX_PIXELS`].
pub fn check_size(height: usize, width: usize) -> Result<(), String> {
    match height.checked_mul(width) {
        Some(pixels) if pixels <= MAX_PIXELS => Ok(()),
        _ => Err(format!(
            "an output of {height} × {width} pixels is over the limit of {MAX_PIXELS}"
        )),
    }
}

/// OpenCV's `RGB2GRAY` / `BGR2GRAY` in fixed point, `0.299 R + 0.587 G + 0.114 B`, of
/// three-channel `pixels` whose red value is at index `red` (0 for RGB, 2 for BGR).
pub(crate) fn grey(pixels: &[u8], red: usize) -> Vec<u8> {
    pixels
        .chunks_exact(3)
        .map(|px| {
            let (r, g, b) = (px[red] as u32, px[1] as u32, px[2 - red] as u32);
            ((r * 4899 + g * 9617 + b * 1868 + 8192) >> 14) as u8
        })
        .collect()
}

/// An HWC `u8` image (1 channel for grey, 3 for BGR or RGB).
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// Rows.
    pub height: usize,
    /// Columns.
    pub width: usize,
    /// Values per pixel.
    pub channels: usize,
    /// `height * width * channels` values, row after row.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Image {
    /// The shape only: the values would flood any message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Image({} × {} × {})",
            self.height, self.width, self.channels
        )
    }
}

impl Image {
    /// An image over `data`; `None` if the length does not match the shape.
    pub fn new(height: usize, width: usize, channels: usize, data: Vec<u8>) -> Option<Self> {
        (height.checked_mul(width)?.checked_mul(channels)? == data.len()).then_some(Image {
            height,
            width,
            channels,
            data,
        })
    }

    /// `(height, width)`, as mmcv's `img.shape[:2]`.
    pub fn shape(&self) -> (usize, usize) {
        (self.height, self.width)
    }

    /// The rectangle at (`top`, `left`) of `height` × `width`; it must lie inside the image.
    pub fn crop(&self, top: usize, left: usize, height: usize, width: usize) -> Image {
        assert!(
            top + height <= self.height && left + width <= self.width,
            "crop outside the image"
        );
        let row = width * self.channels;
        let mut data = Vec::with_capacity(height * row);
        for y in top..top + height {
            let start = (y * self.width + left) * self.channels;
            data.extend_from_slice(&self.data[start..start + row]);
        }
        Image {
            height,
            width,
            channels: self.channels,
            data,
        }
    }

    /// Mirrored left–right (`horizontal`) and/or top–bottom (`vertical`).
    pub fn flip(&self, horizontal: bool, vertical: bool) -> Image {
        let c = self.channels;
        let mut data = Vec::with_capacity(self.data.len());
        for y in 0..self.height {
            let sy = if vertical { self.height - 1 - y } else { y };
            let row = &self.data[sy * self.width * c..(sy + 1) * self.width * c];
            if horizontal {
                row.chunks_exact(c)
                    .rev()
                    .for_each(|px| data.extend_from_slice(px));
            } else {
                data.extend_from_slice(row);
            }
        }
        Image { data, ..*self }
    }

    /// The channels first (`C × H × W`), as PackInputs lays them out.
    pub fn to_chw(&self) -> Vec<u8> {
        let (c, plane) = (self.channels, self.height * self.width);
        let mut out = vec![0; self.data.len()];
        for (i, px) in self.data.chunks_exact(c).enumerate() {
            for (k, &v) in px.iter().enumerate() {
                out[k * plane + i] = v;
            }
        }
        out
    }
}
