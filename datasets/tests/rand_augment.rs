//! RandAugment's policy logic as mmpretrain's: presets, `merge_hparams`, levels mapped onto
//! `magnitude_range`, `magnitude_std` noise, `num_policies` draws, seeds, errors; and the rsb
//! configs' train pipeline on the folder fixture.

use crate::common;

use burn::data::dataloader::DataLoader;
use burn::tensor::Device;
use common::{data, file_sample, pipeline, rng, transform};
use datasets::transforms::RandAugment;
use datasets::{Image, ImageDataLoader, Sample};
use registry_core::{BuildContext, Buildable};
use serde_json::{Value, json};

/// The rsb configs' RandAugment (`configs/_base_/datasets/imagenet_bs256_rsb_a12.py`).
fn rsb() -> Value {
    json!({"type": "RandAugment", "policies": "timm_increasing", "num_policies": 2,
           "total_level": 10, "magnitude_level": 7, "magnitude_std": 0.5,
           "hparams": {"pad_val": [104, 116, 124], "interpolation": "bicubic"}})
}

/// The concrete RandAugment of `config` (without its `type`).
fn concrete(mut config: Value) -> RandAugment {
    config.as_object_mut().unwrap().remove("type");
    RandAugment::build(
        serde_json::from_value(config).unwrap(),
        &mut BuildContext::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A sample holding a black `h × w` BGR image.
fn black(h: usize, w: usize) -> Sample {
    let image = Image::new(h, w, 3, vec![0; h * w * 3]).unwrap();
    Sample {
        img_shape: Some(image.shape()),
        img: Some(image),
        ..Sample::default()
    }
}

/// The error of building `config` as a transform.
fn error(config: Value) -> String {
    transform(config).unwrap_err().to_string()
}

#[test]
fn timm_increasing_has_mmpretrains_policies_with_hparams_merged_where_taken() {
    let built = concrete(rsb());
    let policies = built.policies();
    let types: Vec<&str> = policies
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "AutoContrast",
            "Equalize",
            "Invert",
            "Rotate",
            "Posterize",
            "Solarize",
            "SolarizeAdd",
            "ColorTransform",
            "Contrast",
            "Brightness",
            "Sharpness",
            "Shear",
            "Shear",
            "Translate",
            "Translate"
        ]
    );
    // AutoContrast takes neither pad_val nor interpolation, and has no magnitude_range.
    assert_eq!(policies[0], json!({"type": "AutoContrast"}));
    assert_eq!(
        policies[3],
        json!({"type": "Rotate", "magnitude_range": [0.0, 30.0], "pad_val": [104, 116, 124],
               "interpolation": "bicubic", "magnitude_level": 7.0, "total_level": 10.0,
               "magnitude_std": 0.5})
    );
    assert_eq!(policies[4]["magnitude_range"], json!([4.0, 0.0]));
    assert!(
        policies[4].get("pad_val").is_none(),
        "Posterize takes no pad_val"
    );
    assert!(
        policies[6].get("interpolation").is_none(),
        "SolarizeAdd takes no interpolation"
    );
    assert_eq!(policies[12]["direction"], "vertical");
    assert_eq!(policies[12]["pad_val"], json!([104, 116, 124]));
    assert_eq!(policies[14]["interpolation"], "bicubic");
}

#[test]
fn hparams_never_override_a_policys_own_arguments() {
    let built = concrete(json!({
        "policies": [
            {"type": "Rotate", "magnitude_range": [0, 30], "interpolation": "nearest", "magnitude_key": "angle"},
            {"type": "Equalize"},
            {"type": "Brightness", "magnitude": 0.3},
        ],
        "num_policies": 1, "magnitude_level": 3,
        "hparams": {"interpolation": "bilinear", "random_negative_prob": 0.2, "pad_val": 0},
    }));
    let [rotate, equalize, brightness] = built.policies() else {
        panic!("three policies")
    };
    assert_eq!(rotate["interpolation"], "nearest");
    assert_eq!(rotate["random_negative_prob"], 0.2);
    assert_eq!(rotate["pad_val"], 0);
    assert!(
        rotate.get("magnitude_key").is_none(),
        "dropped as mmpretrain does"
    );
    assert_eq!(equalize, &json!({"type": "Equalize"}));
    // No magnitude_range: no level arguments.
    assert_eq!(
        brightness,
        &json!({"type": "Brightness", "magnitude": 0.3, "random_negative_prob": 0.2})
    );
}

/// The image after one RandAugment of the single policy `policy` at `level`, and after
/// `direct` (the operation with the magnitude mmpretrain's mapping gives).
fn level_and_direct(policy: Value, level: f64, total: f64, direct: Value) -> (Image, Image) {
    let randaug = pipeline(json!([{"type": "LoadImageFromFile"}, {
        "type": "RandAugment", "policies": [policy], "num_policies": 1,
        "magnitude_level": level, "total_level": total}]))
    .unwrap();
    let direct = pipeline(json!([{"type": "LoadImageFromFile"}, direct])).unwrap();
    let run = |p: &datasets::Pipeline| {
        p.apply(file_sample("ref/source.png"), &mut rng(3))
            .unwrap()
            .img
            .unwrap()
    };
    (run(&randaug), run(&direct))
}

#[test]
fn the_level_maps_linearly_onto_the_range_either_way() {
    let fixed = json!({"prob": 1.0, "random_negative_prob": 0.0});
    let with = |mut base: Value, extra: Value| {
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };
    for (range, level, total, angle) in [
        ([0.0, 30.0], 6.0, 10.0, 18.0),
        ([30.0, 0.0], 6.0, 10.0, 12.0),
        ([0.0, 30.0], 5.0, 20.0, 7.5),
    ] {
        let policy = with(
            fixed.clone(),
            json!({"type": "Rotate", "magnitude_range": range}),
        );
        let direct = with(fixed.clone(), json!({"type": "Rotate", "angle": angle}));
        let (ours, expected) = level_and_direct(policy, level, total, direct);
        assert_eq!(ours, expected, "range {range:?} at {level}/{total}");
    }
}

/// The values SolarizeAdd (range 0–110, always applied) adds to black over 400 seeds, with
/// `magnitude_std`.
fn solarize_add_magnitudes(std: Value) -> Vec<f64> {
    let randaug = transform(json!({
        "type": "RandAugment", "num_policies": 1, "magnitude_level": 7, "magnitude_std": std,
        "policies": [{"type": "SolarizeAdd", "magnitude_range": [0, 110], "prob": 1.0}]}))
    .unwrap();
    (0..400)
        .map(|seed| {
            let out = randaug.transform(black(2, 2), &mut rng(seed)).unwrap();
            out.img.unwrap().data[0] as f64
        })
        .collect()
}

fn mean_and_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

#[test]
fn magnitude_std_adds_normal_or_uniform_noise_to_the_level() {
    // No noise: level 7 of 10 on 0–110 adds 77 exactly.
    assert!(solarize_add_magnitudes(json!(0)).iter().all(|&v| v == 77.0));
    // N(7, 0.5) clipped to [0, 10]: 77 ± 5.5 (truncated to integers: about 76.5).
    let normal = solarize_add_magnitudes(json!(0.5));
    let (mean, sd) = mean_and_sd(&normal);
    assert!(
        (75.0..78.5).contains(&mean) && (4.5..6.5).contains(&sd),
        "{mean} ± {sd}"
    );
    // 'inf': U(0, 7) → 0–77, mean about 38.
    let uniform = solarize_add_magnitudes(json!("inf"));
    let (mean, _) = mean_and_sd(&uniform);
    assert!((34.0..42.0).contains(&mean), "{mean}");
    assert!(uniform.iter().all(|&v| v < 77.0) && uniform.iter().any(|&v| v < 8.0));
}

#[test]
fn num_policies_operations_are_applied_in_turn() {
    let randaug = transform(json!({
        "type": "RandAugment", "num_policies": 3, "magnitude_level": 0,
        "policies": [{"type": "SolarizeAdd", "magnitude": 10, "thr": 256, "prob": 1.0}]}))
    .unwrap();
    let out = randaug.transform(black(2, 3), &mut rng(0)).unwrap();
    assert!(out.img.unwrap().data.iter().all(|&v| v == 30));
}

#[test]
fn the_rsb_randaugment_repeats_under_a_seed_and_varies_across_seeds() {
    let steps = pipeline(json!([{"type": "LoadImageFromFile"}, rsb()])).unwrap();
    let run = |seed| {
        steps
            .apply(file_sample("ref/source.png"), &mut rng(seed))
            .unwrap()
            .img
            .unwrap()
    };
    assert_eq!(run(11), run(11));
    let distinct: std::collections::HashSet<Vec<u8>> = (0..20).map(|s| run(s).data).collect();
    assert!(distinct.len() >= 15, "{} distinct of 20", distinct.len());
}

#[test]
fn bad_values_are_errors_naming_their_key() {
    let base = |extra: Value| {
        let mut config = json!({"type": "RandAugment", "policies": "timm_increasing",
                                "num_policies": 2, "magnitude_level": 7});
        config
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        config
    };
    let cases = [
        (
            json!({"num_policies": 0}),
            "num_policies: expected 1 to 1024, got 0",
        ),
        (
            json!({"magnitude_level": -1}),
            "magnitude_level: expected ≥ 0, got -1",
        ),
        (
            json!({"total_level": 0}),
            "total_level: expected > 0, got 0",
        ),
        (
            json!({"magnitude_std": "x"}),
            "magnitude_std: expected a finite number or 'inf'",
        ),
        (
            json!({"policies": []}),
            "policies: expected at least one policy",
        ),
        (
            json!({"policies": [42]}),
            "policies[0]: each policy must be a dict",
        ),
        (
            json!({"policies": [{"type": "Rotat"}]}),
            "policies[0].type: `Rotat` is not registered in TRANSFORMS",
        ),
        (
            json!({"policies": [{"type": "Rotate"}]}),
            "policies[0]: give exactly one of `angle` and `magnitude_range`",
        ),
        (
            json!({"policies": [{"type": "Rotate", "angle": 3, "magnitude_range": [0, 30]}]}),
            "policies[0]: give exactly one",
        ),
        (
            json!({"policies": [{"type": "Rotate", "angle": 3, "spin": 1}]}),
            "policies[0].spin: unknown key `spin`",
        ),
        (
            json!({"policies": [{"type": "Shear", "magnitude_range": [0]}]}),
            "policies[0].magnitude_range",
        ),
        (
            json!({"hparams": {"interpolation": "lanczos"}}),
            "policies[3].interpolation: lanczos is not supported in a warp",
        ),
        (
            json!({"hparams": {"pad_val": [1, 2, 3, 4, 5]}}),
            "policies[3].pad_val: expected a number or up to 4 numbers",
        ),
        (
            json!({"policies": [{"type": "Invert", "prob": 2}]}),
            "policies[0].prob: expected a probability in [0, 1], got 2",
        ),
        (
            json!({"policies": [{"type": "Posterize", "bits": 9}]}),
            "policies[0].bits: expected at most 8, got 9",
        ),
    ];
    for (extra, expected) in cases {
        let message = error(base(extra.clone()));
        assert!(message.starts_with(expected), "{extra}: {message}");
    }
}

#[test]
fn a_pad_val_per_channel_must_match_the_channels() {
    let shear =
        transform(json!({"type": "Shear", "magnitude": 0.2, "prob": 1.0, "pad_val": [1, 2]}))
            .unwrap();
    let message = shear.transform(black(4, 4), &mut rng(0)).unwrap_err();
    assert!(
        message.contains("pad_val has 2 values for an image of 3 channels"),
        "{message}"
    );
}

#[test]
fn the_rsb_train_pipeline_runs_on_folder_images() {
    let config = json!({
        "batch_size": 4, "num_workers": 2,
        "dataset": {"type": "CustomDataset", "data_root": data("folder"), "pipeline": [
            {"type": "LoadImageFromFile"},
            {"type": "RandomResizedCrop", "scale": 224, "backend": "pillow", "interpolation": "bicubic"},
            {"type": "RandomFlip", "prob": 0.5, "direction": "horizontal"},
            rsb(),
            {"type": "PackInputs"},
        ]},
        "sampler": {"type": "DefaultSampler", "shuffle": true},
    });
    let first_batch = |seed| {
        let loader = ImageDataLoader::from_config(
            &config,
            seed,
            &Device::flex(),
            &mut BuildContext::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let batch = loader.iter().next().unwrap().unwrap();
        assert_eq!(batch.images.dims(), [4, 3, 224, 224]);
        batch.images.into_data().try_to_vec::<f32>().unwrap()
    };
    assert_eq!(first_batch(5), first_batch(5), "same seed, same batch");
    assert_ne!(first_batch(5), first_batch(6));
}
