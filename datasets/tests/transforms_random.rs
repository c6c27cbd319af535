//! Random transforms: their invariants, determinism under a seed, and loosely their
//! distributions; padding modes and packing.

use crate::common;

use common::{file_sample, pipeline, rng, transform};
use datasets::pad::{Padding, PaddingMode, pad};
use datasets::{Image, Sample};
use serde_json::json;

/// A `height` × `width` BGR image whose pixels are all different.
fn gradient(height: usize, width: usize) -> Image {
    let data = (0..height * width * 3)
        .map(|i| (i * 7 % 251) as u8)
        .collect();
    Image::new(height, width, 3, data).unwrap()
}

fn sample(image: Image) -> Sample {
    Sample {
        img_shape: Some(image.shape()),
        img: Some(image),
        ..Sample::default()
    }
}

#[test]
fn random_resized_crop_gives_its_size_and_repeats_under_a_seed() {
    let steps = pipeline(json!([
        {"type": "LoadImageFromFile"},
        {"type": "RandomResizedCrop", "scale": [20, 24]},
        {"type": "RandomFlip", "prob": 0.5, "direction": "horizontal"},
    ]))
    .unwrap();
    let run = |seed| {
        steps
            .apply(file_sample("ref/source.png"), &mut rng(seed))
            .unwrap()
            .img
            .unwrap()
    };
    assert_eq!(run(7), run(7), "same seed, same crop");
    assert_eq!(run(7).shape(), (20, 24), "scale is (h, w)");
    let distinct: std::collections::HashSet<Vec<u8>> = (0..20).map(|s| run(s).data).collect();
    assert!(
        distinct.len() >= 18,
        "seeds give different crops: {} distinct of 20",
        distinct.len()
    );
}

#[test]
fn random_resized_crop_draws_area_and_ratio_in_range() {
    let rrc = transform(json!({"type": "RandomResizedCrop", "scale": 8})).unwrap();
    let mut generator = rng(1);
    for _ in 0..200 {
        let out = rrc
            .transform(sample(gradient(100, 100)), &mut generator)
            .unwrap();
        assert_eq!(out.img.unwrap().shape(), (8, 8));
    }
    // The crop parameters themselves, through the concrete type.
    let config = json!({"type": "RandomResizedCrop", "scale": 8});
    let concrete: datasets::transforms::RandomResizedCrop = registry_core::Buildable::build(
        serde_json::from_value(config).unwrap(),
        &mut Default::default(),
    )
    .unwrap();
    let mut areas = 0.0;
    for _ in 0..2000 {
        let (top, left, h, w) = concrete.crop_params(100, 100, &mut generator);
        assert!(top + h <= 100 && left + w <= 100 && h > 0 && w > 0);
        let (area, ratio) = ((h * w) as f64 / 1e4, w as f64 / h as f64);
        assert!((0.06..=1.0).contains(&area), "area {area}");
        assert!((0.7..=1.4).contains(&ratio), "ratio {ratio}");
        areas += area;
    }
    let mean = areas / 2000.0;
    assert!(
        (0.4..0.6).contains(&mean),
        "mean area fraction {mean} (uniform 0.08–1, some rejected)"
    );
}

#[test]
fn random_resized_crop_falls_back_to_a_central_crop() {
    let config = json!({"scale": 8, "max_attempts": 0});
    let concrete: datasets::transforms::RandomResizedCrop = registry_core::Buildable::build(
        serde_json::from_value(config).unwrap(),
        &mut Default::default(),
    )
    .unwrap();
    // Wider than 4/3: full height, width round(10 · 4/3) = 13, centred.
    assert_eq!(concrete.crop_params(10, 100, &mut rng(0)), (0, 43, 10, 13));
    // Taller than 3/4: full width, height round(30 / (3/4)) = 40.
    assert_eq!(concrete.crop_params(100, 30, &mut rng(0)), (30, 0, 40, 30));
    assert_eq!(concrete.crop_params(50, 60, &mut rng(0)), (0, 0, 50, 60));
}

#[test]
fn random_crop_pads_then_crops_anywhere() {
    let crop = transform(json!({"type": "RandomCrop", "crop_size": 32, "padding": 4})).unwrap();
    let image = gradient(32, 32);
    let mut seen = std::collections::HashSet::new();
    let mut generator = rng(3);
    for _ in 0..400 {
        let out = crop
            .transform(sample(image.clone()), &mut generator)
            .unwrap()
            .img
            .unwrap();
        assert_eq!(out.shape(), (32, 32));
        // Find where the original's pixel (0, 0) landed: the offset within the 40 × 40 padding.
        let at = (0..32 * 32).find(|&i| out.data[i * 3..i * 3 + 3] == image.data[..3]);
        seen.insert(at);
    }
    assert!(
        seen.len() >= 20,
        "offsets 0..=8 both ways: {} seen",
        seen.len()
    );
    let a = crop
        .transform(sample(image.clone()), &mut rng(11))
        .unwrap()
        .img;
    let b = crop
        .transform(sample(image.clone()), &mut rng(11))
        .unwrap()
        .img;
    assert_eq!(a, b);
}

#[test]
fn random_crop_pads_if_needed_with_the_padding_mode() {
    let crop = transform(json!({"type": "RandomCrop", "crop_size": 14, "pad_if_needed": true, "padding_mode": "reflect"})).unwrap();
    let image = gradient(10, 10);
    let out = crop
        .transform(sample(image.clone()), &mut rng(0))
        .unwrap()
        .img
        .unwrap();
    let expected = pad(
        &image,
        Padding {
            left: 2,
            top: 2,
            right: 2,
            bottom: 2,
        },
        PaddingMode::Reflect,
        &[0],
    )
    .unwrap();
    assert_eq!(out, expected);
}

#[test]
fn padding_modes_follow_numpy_and_opencv() {
    let row = Image::new(1, 4, 1, vec![1, 2, 3, 4]).unwrap();
    let two = Padding {
        left: 2,
        right: 2,
        ..Padding::default()
    };
    let cases = [
        (PaddingMode::Constant, vec![9, 9, 1, 2, 3, 4, 9, 9]),
        (PaddingMode::Edge, vec![1, 1, 1, 2, 3, 4, 4, 4]),
        (PaddingMode::Reflect, vec![3, 2, 1, 2, 3, 4, 3, 2]),
        (PaddingMode::Symmetric, vec![2, 1, 1, 2, 3, 4, 4, 3]),
    ];
    for (mode, expected) in cases {
        assert_eq!(
            pad(&row, two, mode, &[9]).unwrap().data,
            expected,
            "{mode:?}"
        );
    }
}

#[test]
fn random_flip_flips_with_its_probability() {
    let image = gradient(3, 4);
    let always = transform(json!({"type": "RandomFlip", "prob": 1.0})).unwrap();
    let out = always
        .transform(sample(image.clone()), &mut rng(0))
        .unwrap();
    assert_eq!(out.img.unwrap(), image.flip(true, false));
    assert_eq!(
        (out.flip, out.flip_direction),
        (Some(true), Some("horizontal"))
    );
    let never = transform(json!({"type": "RandomFlip", "prob": 0.0})).unwrap();
    let out = never.transform(sample(image.clone()), &mut rng(0)).unwrap();
    assert_eq!((out.img.unwrap(), out.flip), (image.clone(), Some(false)));
    let diagonal =
        transform(json!({"type": "RandomFlip", "prob": 1.0, "direction": "diagonal"})).unwrap();
    let out = diagonal
        .transform(sample(image.clone()), &mut rng(0))
        .unwrap()
        .img
        .unwrap();
    assert_eq!(out, image.flip(true, true));
    assert_eq!(out.data[..3], image.data[image.data.len() - 3..]);

    let mixed = transform(
        json!({"type": "RandomFlip", "prob": [0.3, 0.2], "direction": ["horizontal", "vertical"]}),
    )
    .unwrap();
    let mut counts = std::collections::HashMap::new();
    let mut generator = rng(5);
    for _ in 0..4000 {
        let out = mixed
            .transform(sample(image.clone()), &mut generator)
            .unwrap();
        *counts.entry(out.flip_direction).or_insert(0usize) += 1;
    }
    let share = |d| counts.get(&d).copied().unwrap_or(0) as f64 / 4000.0;
    assert!((share(Some("horizontal")) - 0.3).abs() < 0.03, "{counts:?}");
    assert!((share(Some("vertical")) - 0.2).abs() < 0.03, "{counts:?}");
    assert!((share(None) - 0.5).abs() < 0.03, "{counts:?}");
}

#[test]
fn pack_inputs_lays_out_chw_and_keeps_meta_keys() {
    let image = Image::new(1, 2, 3, vec![1, 2, 3, 4, 5, 6]).unwrap();
    let mut input = sample(image);
    input.gt_label = Some(3);
    input.img_path = Some("x.png".into());
    let pack = transform(json!({"type": "PackInputs"})).unwrap();
    let out = pack.transform(input.clone(), &mut rng(0)).unwrap();
    let packed = out.inputs.unwrap();
    assert_eq!(
        (packed.shape, packed.data),
        ([3, 1, 2], vec![1, 4, 2, 5, 3, 6])
    );
    assert_eq!(out.metainfo["img_path"], json!("x.png"));
    assert_eq!(out.metainfo["img_shape"], json!([1, 2]));
    assert!(
        !out.metainfo.contains_key("flip"),
        "absent keys are skipped, as mmpretrain"
    );
    let only = transform(json!({"type": "PackInputs", "meta_keys": ["sample_idx"]})).unwrap();
    let out = only.transform(input, &mut rng(0)).unwrap();
    assert_eq!(out.metainfo.keys().collect::<Vec<_>>(), ["sample_idx"]);
}

#[test]
fn resize_edge_truncates_the_other_edge_as_mmpretrain() {
    let cases = [
        ("short", 60, 80, 37, (49, 37)),
        ("long", 60, 80, 37, (37, 27)),
        ("width", 80, 60, 50, (50, 66)),
        ("height", 60, 81, 7, (9, 7)),
    ];
    for (edge, h, w, scale, expected) in cases {
        let resize =
            transform(json!({"type": "ResizeEdge", "scale": scale, "edge": edge})).unwrap();
        let out = resize
            .transform(sample(gradient(h, w)), &mut rng(0))
            .unwrap();
        let image = out.img.unwrap();
        assert_eq!((image.width, image.height), expected, "{edge}");
        assert_eq!(
            out.scale_factor,
            Some((expected.0 as f64 / w as f64, expected.1 as f64 / h as f64))
        );
    }
}
