//! mmcv's photometric functions (`mmcv/image/photometric.py`, cv2 backend) on 8-bit images,
//! with mmcv's arithmetic: OpenCV's fixed-point grey, `cv2.addWeighted` in `f32`, numpy's
//! histograms, and the same roundings (`astype(uint8)` truncates, cv2 rounds half to even).
//!
//! The histogram operations work per channel on any image; mmcv's take three channels.
//! (`imageproc`'s histogram equalisation and contrast stretching use other formulas, and the
//! blends are a line each, so mmcv's are written here; `tests/transforms_augment.rs` checks
//! every function equal to mmcv's on a photo.)

use crate::image::{Image, grey};

/// mmcv's `iminvert`: `255 - img`.
pub fn invert(image: &Image) -> Image {
    map_values(image, |v| 255 - v)
}

/// mmcv's `solarize`: values at or above `thr` inverted.
pub fn solarize(image: &Image, thr: f64) -> Image {
    map_values(image, |v| if (v as f64) < thr { v } else { 255 - v })
}

/// mmpretrain's `SolarizeAdd`: `magnitude` added to values below `thr`, capped at 255 and
/// truncated (below 0 it clamps at 0, where numpy's cast is undefined).
pub fn solarize_add(image: &Image, magnitude: f64, thr: f64) -> Image {
    map_values(image, |v| {
        if (v as f64) < thr {
            (v as f64 + magnitude).clamp(0.0, 255.0) as u8
        } else {
            v
        }
    })
}

/// mmcv's `posterize`: the top `bits` bits kept (8 or more: unchanged; 0 or less: black).
pub fn posterize(image: &Image, bits: i64) -> Image {
    let shift = 8 - bits.clamp(0, 8);
    map_values(
        image,
        |v| {
            if shift >= 8 { 0 } else { (v >> shift) << shift }
        },
    )
}

/// Every value mapped by `f`.
fn map_values(image: &Image, f: impl Fn(u8) -> u8) -> Image {
    let data = image.data.iter().map(|&v| f(v)).collect();
    Image { data, ..*image }
}

/// Every channel mapped through its own table, made from that channel's histogram.
fn per_channel_lut(image: &Image, make: impl Fn(&[u64; 256]) -> Option<[u8; 256]>) -> Image {
    let c = image.channels;
    let mut data = image.data.clone();
    for channel in 0..c {
        let mut histogram = [0u64; 256];
        image
            .data
            .iter()
            .skip(channel)
            .step_by(c)
            .for_each(|&v| histogram[v as usize] += 1);
        if let Some(lut) = make(&histogram) {
            data.iter_mut()
                .skip(channel)
                .step_by(c)
                .for_each(|v| *v = lut[*v as usize]);
        }
    }
    Image { data, ..*image }
}

/// mmcv's `auto_contrast` with `cutoff=0`: each channel stretched linearly from its lowest and
/// highest values to 0 and 255.
pub fn auto_contrast(image: &Image) -> Image {
    per_channel_lut(image, |histogram| {
        let low = histogram.iter().position(|&n| n > 0)?;
        let high = histogram.iter().rposition(|&n| n > 0)?;
        if low >= high {
            return None;
        }
        let scale = 255.0 / (high - low) as f64;
        let offset = -(low as f64) * scale;
        Some(std::array::from_fn(|i| {
            (i as f64 * scale + offset).clamp(0.0, 255.0) as u8
        }))
    })
}

/// mmcv's `imequalize`: each channel's histogram equalised as PIL's `ImageOps.equalize`.
pub fn equalize(image: &Image) -> Image {
    per_channel_lut(image, |histogram| {
        let last = histogram.iter().rev().find(|&&n| n > 0)?;
        let step = (histogram.iter().sum::<u64>() - last) / 255;
        if step == 0 {
            return None;
        }
        let mut lut = [0u8; 256];
        let mut cumulative = 0;
        for (i, &n) in histogram.iter().enumerate().take(255) {
            cumulative += n;
            lut[i + 1] = ((cumulative + step / 2) / step).min(255) as u8;
        }
        Some(lut)
    })
}

/// The grey image of a BGR (or grey) image, as `cv2.cvtColor(img, COLOR_BGR2GRAY)`.
fn grey_of(image: &Image, operation: &str) -> Result<Vec<u8>, String> {
    match image.channels {
        1 => Ok(image.data.clone()),
        3 => Ok(grey(&image.data, 2)),
        c => Err(format!(
            "{operation} needs a BGR or grey image, got {c} channels"
        )),
    }
}

/// `cv2.addWeighted(a, alpha, b, 1 - alpha, 0)` of two values as OpenCV's vector code
/// computes it: `fma(a, alpha, b · beta)` in `f32`.
fn add_weighted(a: u8, b: u8, alpha: f64) -> f32 {
    let (alpha, beta) = (alpha as f32, (1.0 - alpha) as f32);
    (a as f32).mul_add(alpha, b as f32 * beta)
}

/// The blend of mmcv's `adjust_brightness`, `adjust_contrast` and `adjust_sharpness`:
/// `cv2.addWeighted` on `f32` copies of the image and `other(i)` (the degenerate value at `i`),
/// clipped and truncated to 8 bits (`astype(uint8)`).
fn blend_f32(image: &Image, other: impl Fn(usize) -> u8, factor: f64) -> Image {
    let data = image
        .data
        .iter()
        .enumerate()
        .map(|(i, &v)| add_weighted(v, other(i), factor).clamp(0.0, 255.0) as u8)
        .collect();
    Image { data, ..*image }
}

/// mmcv's `adjust_color` (cv2 backend): `cv2.addWeighted(img, alpha, grey, 1 - alpha, 0)` on
/// 8-bit images, rounded half to even and saturated.
pub fn adjust_color(image: &Image, alpha: f64) -> Result<Image, String> {
    let grey = grey_of(image, "ColorTransform")?;
    let c = image.channels;
    let data = image
        .data
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            add_weighted(v, grey[i / c], alpha)
                .round_ties_even()
                .clamp(0.0, 255.0) as u8
        })
        .collect();
    Ok(Image { data, ..*image })
}

/// mmcv's `adjust_brightness` (cv2 backend): a blend with black.
pub fn adjust_brightness(image: &Image, factor: f64) -> Image {
    blend_f32(image, |_| 0, factor)
}

/// mmcv's `adjust_contrast` (cv2 backend): a blend with the grey image's mean (rounded half to
/// even).
pub fn adjust_contrast(image: &Image, factor: f64) -> Result<Image, String> {
    let grey = grey_of(image, "Contrast")?;
    let sum: u64 = grey.iter().map(|&v| v as u64).sum();
    let mean = (sum as f64 / grey.len().max(1) as f64).round_ties_even() as u8;
    Ok(blend_f32(image, |_| mean, factor))
}

/// mmcv's `adjust_sharpness`: a blend with `cv2.filter2D(img, -1, SMOOTH)` (PIL's SMOOTH
/// kernel `[[1, 1, 1], [1, 5, 1], [1, 1, 1]] / 13`, borders reflected as `BORDER_REFLECT_101`).
pub fn adjust_sharpness(image: &Image, factor: f64) -> Image {
    let smooth = smooth(image);
    blend_f32(image, |i| smooth.data[i], factor)
}

/// OpenCV's `BORDER_REFLECT_101` index into `0..len`.
fn reflect_101(i: isize, len: usize) -> usize {
    let last = len as isize - 1;
    if last == 0 {
        return 0;
    }
    let mut i = i;
    while i < 0 || i > last {
        i = if i < 0 { -i } else { 2 * last - i };
    }
    i as usize
}

/// `cv2.filter2D(img, -1, SMOOTH)` on an 8-bit image: `f32` sums, rounded half to even.
fn smooth(image: &Image) -> Image {
    let kernel = [1.0f64, 1.0, 1.0, 1.0, 5.0, 1.0, 1.0, 1.0, 1.0].map(|k| (k / 13.0) as f32);
    let (h, w, c) = (image.height, image.width, image.channels);
    let mut data = Vec::with_capacity(image.data.len());
    for y in 0..h {
        for x in 0..w {
            for ch in 0..c {
                let mut sum = 0.0f32;
                for (k, weight) in kernel.iter().enumerate() {
                    let sy = reflect_101(y as isize + k as isize / 3 - 1, h);
                    let sx = reflect_101(x as isize + k as isize % 3 - 1, w);
                    sum += image.data[(sy * w + sx) * c + ch] as f32 * weight;
                }
                data.push(sum.round_ties_even().clamp(0.0, 255.0) as u8);
            }
        }
    }
    Image { data, ..*image }
}
