//! RandAugment's operations against mmcv's arithmetic with OpenCV 5.1 and numpy (references
//! from `data/make_augment_references.py`, committed), and RandAugment's policy logic.

use crate::common;

use common::{data_dir, file_sample, pipeline, rng};
use serde_json::{Value, json};

/// One reference case compared: its name and our output's (largest difference, values
/// differing by more than one level, values differing at all, all values) from mmcv's.
struct Compared {
    name: String,
    max: u8,
    over_one: usize,
    differing: usize,
    total: usize,
}

fn compare_all() -> Vec<Compared> {
    let dir = data_dir().join("ref/augment");
    let text = std::fs::read_to_string(dir.join("refs.json")).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 23, "the reference list is incomplete");
    cases.iter().map(|case| compare(case, &dir)).collect()
}

fn compare(case: &Value, dir: &std::path::Path) -> Compared {
    let name = case["name"].as_str().unwrap().to_owned();
    let steps = json!([{"type": "LoadImageFromFile"}, case["transform"]]);
    let source = pipeline(json!([{"type": "LoadImageFromFile"}])).unwrap();
    let original = source
        .apply(file_sample("ref/source.png"), &mut rng(0))
        .unwrap();
    let out = pipeline(steps)
        .unwrap()
        .apply(file_sample("ref/source.png"), &mut rng(0))
        .unwrap()
        .img
        .unwrap();
    assert_ne!(
        Some(&out),
        original.img.as_ref(),
        "{name}: the operation ran"
    );
    let expected = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
    assert_eq!(expected.len(), out.data.len(), "{name}");
    let diffs: Vec<u8> = out
        .data
        .iter()
        .zip(&expected)
        .map(|(a, b)| a.abs_diff(*b))
        .collect();
    let compared = Compared {
        max: diffs.iter().copied().max().unwrap(),
        over_one: diffs.iter().filter(|&&d| d > 1).count(),
        differing: diffs.iter().filter(|&&d| d > 0).count(),
        total: diffs.len(),
        name,
    };
    println!(
        "{}: max |diff| {}, {} values differ ({} by more than 1) of {}",
        compared.name, compared.max, compared.differing, compared.over_one, compared.total
    );
    compared
}

/// The warps: Rotate, Shear, Translate.
fn is_geometric(name: &str) -> bool {
    ["rotate", "shear", "translate"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

#[test]
fn photometric_operations_equal_mmcv() {
    let cases: Vec<_> = compare_all()
        .into_iter()
        .filter(|c| !is_geometric(&c.name))
        .collect();
    assert_eq!(cases.len(), 14);
    for case in cases {
        assert_eq!(case.max, 0, "{}: differs from mmcv", case.name);
    }
}

#[test]
fn warps_match_opencv_within_one_level_on_all_but_a_thousandth() {
    let cases: Vec<_> = compare_all()
        .into_iter()
        .filter(|c| is_geometric(&c.name))
        .collect();
    assert_eq!(cases.len(), 9);
    for case in &cases {
        assert!(
            case.max <= 1,
            "{}: {} levels from OpenCV",
            case.name,
            case.max
        );
        assert!(
            case.differing * 1000 <= case.total,
            "{}: {} of {} values differ",
            case.name,
            case.differing,
            case.total
        );
    }
    // Nearest picks the same source pixels (half-up rounding of the f64 position).
    for case in cases.iter().filter(|c| c.name.contains("nearest")) {
        assert_eq!(case.differing, 0, "{}", case.name);
    }
}
