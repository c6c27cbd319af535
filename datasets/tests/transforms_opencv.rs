//! Resize, ResizeEdge and CenterCrop against OpenCV and Pillow, as mmcv calls them (references from
//! `data/make_references.py`, committed).

use crate::common;

use common::{data_dir, file_sample, pipeline, rng};
use serde_json::{Value, json};

/// Every reference case: its name, whether it tests decoding only, and our output's
/// (largest difference, values differing, mean difference) from OpenCV's.
fn compare_all() -> Vec<(String, bool, (u8, usize, f64))> {
    let dir = data_dir().join("ref");
    let text = std::fs::read_to_string(dir.join("refs.json")).unwrap();
    let manifest: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(manifest.len() >= 12, "the reference list is incomplete");
    manifest
        .iter()
        .map(|case| {
            let name = case["name"].as_str().unwrap().to_owned();
            let source = case.get("source").and_then(Value::as_str);
            let mut steps = vec![json!({"type": "LoadImageFromFile"})];
            steps.extend(case["pipeline"].as_array().unwrap().iter().cloned());
            let sample = file_sample(source.unwrap_or("ref/source.png"));
            let out = pipeline(Value::Array(steps))
                .unwrap()
                .apply(sample, &mut rng(0))
                .unwrap();
            let image = out.img.unwrap();
            let shape: Vec<u64> = case["shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            let ours = [image.height, image.width, image.channels].map(|v| v as u64);
            assert_eq!(ours.to_vec(), shape, "{name}: output shape");
            let expected = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
            assert_eq!(expected.len(), image.data.len(), "{name}");
            let diffs: Vec<u8> = image
                .data
                .iter()
                .zip(&expected)
                .map(|(a, b)| a.abs_diff(*b))
                .collect();
            let max = diffs.iter().copied().max().unwrap();
            let off = diffs.iter().filter(|&&d| d > 0).count();
            let mean = diffs.iter().map(|&d| d as f64).sum::<f64>() / diffs.len() as f64;
            println!(
                "{name}: max |diff| {max}, {off}/{} values differ, mean {mean:.3}",
                diffs.len()
            );
            (name, source.is_some(), (max, off, mean))
        })
        .collect()
}

#[test]
fn resizes_and_crops_match_opencv_and_pillow_within_one_level() {
    let cases = compare_all();
    let over: Vec<_> = cases
        .iter()
        .filter(|(_, decode, (max, ..))| !decode && *max > 1)
        .collect();
    assert!(
        over.is_empty(),
        "over one level from OpenCV or Pillow: {over:?}"
    );
    assert!(cases.iter().filter(|c| !c.1).count() >= 10);
}

#[test]
fn cv2_bilinear_and_bicubic_equal_opencv() {
    let exact: Vec<_> = compare_all()
        .into_iter()
        .filter(|(name, decode, _)| !decode && !name.starts_with("pil_"))
        .filter(|(name, ..)| !name.contains("lanczos") && !name.contains("nearest"))
        .collect();
    assert!(exact.len() >= 7, "{exact:?}");
    for (name, _, (max, ..)) in exact {
        assert_eq!(max, 0, "{name}: differs from OpenCV");
    }
}

#[test]
fn jpeg_decoding_is_close_to_opencv() {
    // zune-jpeg (the image crate's decoder) against libjpeg-turbo: IDCT and colour conversion
    // round differently; PNG decoding is exact (the cases above).
    let cases = compare_all();
    let decodes: Vec<_> = cases.iter().filter(|c| c.1).collect();
    assert_eq!(decodes.len(), 2);
    for (name, _, (max, _, mean)) in decodes {
        assert!(*max <= 4 && *mean < 0.5, "{name}: max {max}, mean {mean}");
    }
}

#[test]
fn load_image_from_file_gives_bgr_like_opencv() {
    let out = pipeline(json!([{"type": "LoadImageFromFile"}]))
        .unwrap()
        .apply(file_sample("ref/source.png"), &mut rng(0))
        .unwrap();
    let image = out.img.unwrap();
    // CenterCrop of the whole image is the image: compare with the reference crop's origin.
    let crop = std::fs::read(data_dir().join("ref/center_crop.bin")).unwrap();
    // center_crop: (31 × 24) at top 18, left 24 (Python's round(24.5) = 24).
    let at =
        |y: usize, x: usize| &image.data[(y * image.width + x) * 3..(y * image.width + x) * 3 + 3];
    assert_eq!(at(18, 24), &crop[..3]);
    assert_eq!(
        (out.ori_shape, out.img_shape),
        (Some((60, 80)), Some((60, 80)))
    );
}

#[test]
fn grayscale_loading_has_one_channel() {
    let out = pipeline(
        json!([{"type": "LoadImageFromFile", "color_type": "grayscale"}, {"type": "PackInputs"}]),
    )
    .unwrap()
    .apply(file_sample("ref/source.png"), &mut rng(0))
    .unwrap();
    assert_eq!(out.inputs.unwrap().shape, [1, 60, 80]);
}
