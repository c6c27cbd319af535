//! Resize, ResizeEdge and CenterCrop against OpenCV, as mmcv calls it (references from
//! `data/make_references.py`, committed).

mod common;

use common::{data_dir, file_sample, pipeline, rng};
use serde_json::{Value, json};

#[test]
fn resizes_and_crops_match_opencv_within_one_level() {
    let dir = data_dir().join("ref");
    let manifest: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("refs.json")).unwrap()).unwrap();
    assert!(manifest.len() >= 10, "the reference list is incomplete");
    let (mut report, mut failures) = (Vec::new(), Vec::<String>::new());
    for case in &manifest {
        let name = case["name"].as_str().unwrap();
        let mut steps = vec![json!({"type": "LoadImageFromFile"})];
        steps.extend(case["pipeline"].as_array().unwrap().iter().cloned());
        let out = pipeline(Value::Array(steps))
            .unwrap()
            .apply(file_sample("ref/source.png"), &mut rng(0))
            .unwrap();
        let image = out.img.unwrap();
        let shape: Vec<usize> = case["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(
            vec![image.height, image.width, image.channels],
            shape,
            "{name}: output shape"
        );
        let expected = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
        let diffs: Vec<u8> = image
            .data
            .iter()
            .zip(&expected)
            .map(|(a, b)| a.abs_diff(*b))
            .collect();
        let max = diffs.iter().copied().max().unwrap();
        let off = diffs.iter().filter(|&&d| d > 0).count();
        report.push(format!(
            "{name}: max |diff| {max}, {off}/{} values differ",
            diffs.len()
        ));
        if max > 1 {
            failures.push(name.to_owned());
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "over one level from OpenCV: {failures:?}\n{}",
        report.join("\n")
    );
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
