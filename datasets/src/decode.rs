//! Decoding image files as mmcv's `imfrombytes` (cv2 backend) returns them.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader};

use crate::error::DataError;
use crate::image::{Image, MAX_PIXELS, grey};

/// mmcv's `color_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorType {
    /// 3 channels, BGR (`cv2.IMREAD_COLOR`).
    Color,
    /// 1 channel (`cv2.IMREAD_GRAYSCALE`).
    Grayscale,
    /// The file's channels (grey, BGR or BGRA), 8 bits.
    Unchanged,
}

/// Decodes `bytes` read from `path` (named in errors), applying the EXIF orientation if `orient`.
pub fn decode(
    bytes: &[u8],
    path: &Path,
    color: ColorType,
    orient: bool,
) -> Result<Image, DataError> {
    let bad =
        |e: &dyn std::fmt::Display| DataError::format(path, format!("not a readable image: {e}"));
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(&e))?;
    let mut decoder = reader.into_decoder().map_err(|e| bad(&e))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS as u64 {
        return Err(DataError::format(
            path,
            format!("an image of {width} × {height} pixels is over the limit of {MAX_PIXELS}"),
        ));
    }
    let orientation = decoder.orientation().map_err(|e| bad(&e))?;
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(|e| bad(&e))?;
    if orient {
        decoded.apply_orientation(orientation);
    }
    let (width, height) = (decoded.width() as usize, decoded.height() as usize);
    let channels = match color {
        ColorType::Color => 3,
        ColorType::Grayscale => 1,
        ColorType::Unchanged => match decoded.color().channel_count() {
            1 | 2 => 1,
            3 => 3,
            _ => 4,
        },
    };
    let data = match channels {
        1 if decoded.color().channel_count() <= 2 => decoded.into_luma8().into_raw(),
        1 => grey(&decoded.into_rgb8().into_raw(), 0),
        3 => swap_rb(decoded.into_rgb8().into_raw(), 3),
        _ => swap_rb(decoded.into_rgba8().into_raw(), 4),
    };
    Ok(Image {
        height,
        width,
        channels,
        data,
    })
}

/// RGB to BGR (or RGBA to BGRA) in place.
fn swap_rb(mut data: Vec<u8>, channels: usize) -> Vec<u8> {
    data.chunks_exact_mut(channels).for_each(|px| px.swap(0, 2));
    data
}
