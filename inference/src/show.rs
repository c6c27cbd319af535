//! `--show-dir`: an image with its top-K written on it, as mmpretrain's visualizer draws it.
//!
//! The text is drawn with the public-domain 8 × 8 bitmap font of the `font8x8` crate (ASCII;
//! other characters show as `?`), white on a dark band, scaled with the image.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};

use crate::error::InferenceError;
use crate::prediction::ClassPrediction;

/// Writes the image of `prediction` (read again from its `img_path`) with one line per top-K
/// class (`label name: score`) drawn at its top left, as a PNG named after the image in
/// `out_dir` (created if needed); returns the file written.
///
/// ```
/// # let dir = tempfile::tempdir()?;
/// # let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/photos/rocket.png");
/// let prediction = inference::ClassPrediction::new(&photo, &[0.25, 0.75], 2, None);
/// let written = inference::show::annotate(&prediction, dir.path())?;
/// assert_eq!(written, dir.path().join("rocket.png"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn annotate(prediction: &ClassPrediction, out_dir: &Path) -> Result<PathBuf, InferenceError> {
    let source = Path::new(&prediction.img_path);
    let mut image = image::ImageReader::open(source)
        .and_then(|reader| reader.with_guessed_format())
        .map_err(|error| InferenceError::image(source, error.to_string()))?
        .decode()
        .map_err(|error| InferenceError::image(source, error.to_string()))?
        .to_rgb8();
    let lines: Vec<String> = prediction
        .topk
        .iter()
        .map(|top| match &top.class {
            Some(class) => format!("{} {class}: {:.4}", top.label, top.score),
            None => format!("{}: {:.4}", top.label, top.score),
        })
        .collect();
    draw_lines(&mut image, &lines);
    std::fs::create_dir_all(out_dir)
        .map_err(|error| InferenceError::input(out_dir, format!("cannot create it: {error}")))?;
    let stem = source.file_stem().unwrap_or_default().to_string_lossy();
    let target = out_dir.join(format!("{stem}.png"));
    image
        .save_with_format(&target, image::ImageFormat::Png)
        .map_err(|error| InferenceError::image(&target, format!("cannot write it: {error}")))?;
    Ok(target)
}

/// Draws `lines` at the top left of `image` on a darkened band, 8 × 8 glyphs scaled by one
/// per 256 pixels of the shorter side.
fn draw_lines(image: &mut RgbImage, lines: &[String]) {
    let scale = (image.width().min(image.height()) / 256).max(1);
    let (glyph, margin) = (8 * scale, 2 * scale);
    let longest = lines
        .iter()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0) as u32;
    let band_width = (longest * glyph + 2 * margin).min(image.width());
    let band_height = (lines.len() as u32 * (glyph + margin) + margin).min(image.height());
    for y in 0..band_height {
        for x in 0..band_width {
            let Rgb([r, g, b]) = *image.get_pixel(x, y);
            image.put_pixel(x, y, Rgb([r / 4, g / 4, b / 4]));
        }
    }
    for (row, line) in lines.iter().enumerate() {
        let top = margin + row as u32 * (glyph + margin);
        for (column, character) in line.chars().enumerate() {
            draw_glyph(image, character, margin + column as u32 * glyph, top, scale);
        }
    }
}

/// Draws `character` in white with its top left at (`left`, `top`), each font pixel a
/// `scale` × `scale` square; what falls outside the image is left out.
fn draw_glyph(image: &mut RgbImage, character: char, left: u32, top: u32, scale: u32) {
    let code = if character.is_ascii() {
        character as usize
    } else {
        '?' as usize
    };
    let rows = font8x8::legacy::BASIC_LEGACY[code];
    for (dy, bits) in rows.iter().enumerate() {
        for dx in 0..8 {
            if bits & (1 << dx) == 0 {
                continue;
            }
            for (sy, sx) in (0..scale).flat_map(|sy| (0..scale).map(move |sx| (sy, sx))) {
                let (x, y) = (left + dx * scale + sx, top + dy as u32 * scale + sy);
                if x < image.width() && y < image.height() {
                    image.put_pixel(x, y, Rgb([255, 255, 255]));
                }
            }
        }
    }
}
