//! Damaged files are errors, never panics: mutated CIFAR pickles, IDX files and images.

use crate::common;

use common::{data, rng};
use datasets::decode::{ColorType, decode};
use datasets::{idx, pickle};
use rand::RngExt;
use rand::rngs::StdRng;

/// `bytes` with a few bytes changed, cut, or a run duplicated, as chosen by `rng`.
fn damage(bytes: &[u8], rng: &mut StdRng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.random_range(0..3) {
        0 => {
            for _ in 0..rng.random_range(1..8) {
                let at = rng.random_range(0..out.len());
                out[at] = rng.random();
            }
        }
        1 => out.truncate(rng.random_range(0..out.len())),
        _ => {
            let at = rng.random_range(0..out.len());
            let run: Vec<u8> = out[at..out.len().min(at + 64)].to_vec();
            out.splice(at..at, run);
        }
    }
    out
}

fn survives(name: &str, bytes: &[u8], read: impl Fn(&[u8]) -> bool) {
    let mut generator = rng(2024);
    let mut errors = 0;
    for _ in 0..1500 {
        let damaged = damage(bytes, &mut generator);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&damaged)));
        assert!(outcome.is_ok(), "{name}: a damaged file panicked");
        errors += usize::from(!outcome.unwrap());
    }
    assert!(
        errors > 100,
        "{name}: damage went unnoticed too often ({errors} errors)"
    );
}

#[test]
fn damaged_pickles_are_errors() {
    let bytes = std::fs::read(data("cifar10/cifar-10-batches-py/test_batch")).unwrap();
    survives("test_batch", &bytes, |b| pickle::read(b).is_ok());
    let bytes = std::fs::read(data("cifar10/cifar-10-batches-py/data_batch_5")).unwrap();
    survives("data_batch_5", &bytes, |b| pickle::read(b).is_ok());
}

#[test]
fn damaged_idx_files_are_errors() {
    let bytes = std::fs::read(data("mnist/t10k-images-idx3-ubyte")).unwrap();
    survives("t10k-images", &bytes, |b| idx::parse(b).is_ok());
}

#[test]
fn damaged_images_are_errors() {
    for file in ["folder/cat/cat_1.jpg", "folder/cat/cat_0.png"] {
        let bytes = std::fs::read(data(file)).unwrap();
        let path = std::path::Path::new(file);
        // Some damage leaves a decodable image (JPEG resynchronises): only panics fail.
        let mut generator = rng(7);
        for _ in 0..300 {
            let damaged = damage(&bytes, &mut generator);
            let outcome =
                std::panic::catch_unwind(|| decode(&damaged, path, ColorType::Color, true).is_ok());
            assert!(outcome.is_ok(), "{file}: a damaged image panicked");
        }
    }
}
