//! Resizing as mmcv's two backends do: OpenCV's `cv2.resize` (the default; no antialiasing,
//! OpenCV's kernels) or Pillow's `Image.resize` (antialiased). Convolution by `fast_image_resize`,
//! whose `Interpolation` mode is OpenCV's scheme and `Convolution` mode Pillow's.

use fast_image_resize::images::Image as FirImage;
use fast_image_resize::{Filter, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use serde::Deserialize;

use crate::image::{Image, check_size};
use crate::pad::{Padding, PaddingMode, pad};

/// mmcv's `interpolation` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Interpolation {
    /// cv2: `INTER_NEAREST` (source pixel `floor(x · scale)`); pillow: `NEAREST`.
    Nearest,
    /// cv2: `INTER_LINEAR`; pillow: `BILINEAR`.
    Bilinear,
    /// cv2: `INTER_CUBIC` (a = −0.75); pillow: `BICUBIC` (a = −0.5).
    Bicubic,
    /// cv2: `INTER_AREA`, not supported.
    Area,
    /// cv2: `INTER_LANCZOS4` (8 taps); pillow: `LANCZOS` (6 taps).
    Lanczos,
    /// pillow only: `BOX`.
    Box,
    /// pillow only: `HAMMING`.
    Hamming,
}

/// mmcv's resize `backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// OpenCV's arithmetic (mmcv's default).
    Cv2,
    /// Pillow's (antialiased when shrinking).
    Pillow,
}

/// A backend and an interpolation it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResizeMethod {
    backend: Backend,
    interpolation: Interpolation,
}

impl ResizeMethod {
    /// The method, or why mmcv (or this crate) has no such combination.
    pub fn new(backend: Backend, interpolation: Interpolation) -> Result<Self, String> {
        use Interpolation::*;
        match (backend, interpolation) {
            (Backend::Cv2, Area) => Err("interpolation 'area' (cv2.INTER_AREA) is not supported; use 'bilinear', 'bicubic', 'nearest' or 'lanczos'".into()),
            (Backend::Cv2, Box | Hamming) => Err(format!("interpolation '{interpolation:?}' exists only for backend 'pillow'").to_lowercase()),
            (Backend::Pillow, Area) => Err("interpolation 'area' exists only for backend 'cv2'".into()),
            _ => Ok(ResizeMethod { backend, interpolation }),
        }
    }
}

/// `image` resized to `width` × `height`.
pub fn resize(
    image: &Image,
    width: usize,
    height: usize,
    method: ResizeMethod,
) -> Result<Image, String> {
    if width == 0 || height == 0 || image.width == 0 || image.height == 0 {
        return Err(format!(
            "cannot resize a {}×{} image to {width}×{height}",
            image.width, image.height
        ));
    }
    check_size(height, width)?;
    if (width, height) == (image.width, image.height) {
        return Ok(image.clone());
    }
    if method.backend == Backend::Pillow {
        return run_u8(image, width, height, pillow(method.interpolation));
    }
    let algorithm = match method.interpolation {
        Interpolation::Nearest => return Ok(nearest(image, width, height)),
        // OpenCV's fixed-point arithmetic, value for value.
        Interpolation::Bilinear => {
            return Ok(crate::cv2_linear::resize_linear(image, width, height));
        }
        Interpolation::Bicubic => ResizeAlg::Interpolation(custom("cv2 cubic", cubic, 2.0)),
        Interpolation::Lanczos => ResizeAlg::Interpolation(custom("cv2 lanczos4", lanczos4, 4.0)),
        other => return Err(format!("{other:?} is not a cv2 interpolation")),
    };
    // Cubic and Lanczos overshoot, and OpenCV keeps the pass between rows and columns
    // unclamped: float.
    run_f32(image, width, height, algorithm)
}

fn run_u8(
    image: &Image,
    width: usize,
    height: usize,
    algorithm: ResizeAlg,
) -> Result<Image, String> {
    let pixel = match image.channels {
        1 => PixelType::U8,
        3 => PixelType::U8x3,
        4 => PixelType::U8x4,
        c => {
            return Err(format!(
                "cannot resize an image of {c} channels (expected 1, 3 or 4)"
            ));
        }
    };
    let source = FirImage::from_vec_u8(
        image.width as u32,
        image.height as u32,
        image.data.clone(),
        pixel,
    )
    .map_err(|e| e.to_string())?;
    let mut target = FirImage::new(width as u32, height as u32, pixel);
    Resizer::new()
        .resize(
            &source,
            &mut target,
            &ResizeOptions::new().resize_alg(algorithm),
        )
        .map_err(|e| e.to_string())?;
    Ok(Image {
        height,
        width,
        channels: image.channels,
        data: target.into_vec(),
    })
}

/// In float, with OpenCV's border: edge pixels replicated (`BORDER_REPLICATE`) where the kernel
/// reaches past the image, rather than the kernel renormalised.
fn run_f32(
    image: &Image,
    width: usize,
    height: usize,
    algorithm: ResizeAlg,
) -> Result<Image, String> {
    const BORDER: usize = 6;
    let border = Padding {
        left: BORDER,
        top: BORDER,
        right: BORDER,
        bottom: BORDER,
    };
    let padded = pad(image, border, PaddingMode::Edge, &[0])?;
    let pixel = match image.channels {
        1 => PixelType::F32,
        3 => PixelType::F32x3,
        4 => PixelType::F32x4,
        c => {
            return Err(format!(
                "cannot resize an image of {c} channels (expected 1, 3 or 4)"
            ));
        }
    };
    let mut source = FirImage::new(padded.width as u32, padded.height as u32, pixel);
    for (out, &v) in source.buffer_mut().chunks_exact_mut(4).zip(&padded.data) {
        out.copy_from_slice(&(v as f32).to_ne_bytes());
    }
    let mut target = FirImage::new(width as u32, height as u32, pixel);
    let b = BORDER as f64;
    let options = ResizeOptions::new().resize_alg(algorithm).crop(
        b,
        b,
        image.width as f64,
        image.height as f64,
    );
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| e.to_string())?;
    let data = target
        .buffer()
        .chunks_exact(4)
        .map(|b| {
            f32::from_ne_bytes([b[0], b[1], b[2], b[3]])
                .round()
                .clamp(0.0, 255.0) as u8
        })
        .collect();
    Ok(Image {
        height,
        width,
        channels: image.channels,
        data,
    })
}

/// Pillow's filters, as `fast_image_resize`'s convolution (a port of Pillow's).
fn pillow(interpolation: Interpolation) -> ResizeAlg {
    match interpolation {
        Interpolation::Nearest => ResizeAlg::Nearest,
        Interpolation::Bilinear => ResizeAlg::Convolution(FilterType::Bilinear),
        Interpolation::Bicubic => ResizeAlg::Convolution(FilterType::CatmullRom),
        Interpolation::Lanczos => ResizeAlg::Convolution(FilterType::Lanczos3),
        Interpolation::Box | Interpolation::Area => ResizeAlg::Convolution(FilterType::Box),
        Interpolation::Hamming => ResizeAlg::Convolution(FilterType::Hamming),
    }
}

fn custom(name: &'static str, kernel: fn(f64) -> f64, support: f64) -> FilterType {
    FilterType::Custom(Filter::new(name, kernel, support).expect("finite positive support"))
}

/// OpenCV's cubic kernel (`A = -0.75`).
fn cubic(x: f64) -> f64 {
    const A: f64 = -0.75;
    let x = x.abs();
    if x <= 1.0 {
        ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0
    } else if x < 2.0 {
        ((A * x - 5.0 * A) * x + 8.0 * A) * x - 4.0 * A
    } else {
        0.0
    }
}

/// OpenCV's Lanczos kernel over 4 lobes.
fn lanczos4(x: f64) -> f64 {
    let sinc = |x: f64| {
        if x == 0.0 {
            1.0
        } else {
            (x * std::f64::consts::PI).sin() / (x * std::f64::consts::PI)
        }
    };
    if x.abs() < 4.0 {
        sinc(x) * sinc(x / 4.0)
    } else {
        0.0
    }
}

/// `cv2.INTER_NEAREST`: source index `floor(i · in / out)`.
fn nearest(image: &Image, width: usize, height: usize) -> Image {
    let c = image.channels;
    let mut data = Vec::with_capacity(width * height * c);
    for y in 0..height {
        let sy = ((y as f64 * image.height as f64 / height as f64) as usize).min(image.height - 1);
        for x in 0..width {
            let sx = ((x as f64 * image.width as f64 / width as f64) as usize).min(image.width - 1);
            let at = (sy * image.width + sx) * c;
            data.extend_from_slice(&image.data[at..at + c]);
        }
    }
    Image {
        height,
        width,
        channels: c,
        data,
    }
}
