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

/// A PNG whose header claims `width` × `height` pixels, with ten bytes of data.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32(&[kind, data].concat()).to_be_bytes());
        out
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &header));
    // zlib: one stored block of ten zeros, then its Adler-32.
    let mut data = vec![0x78, 0x01, 0x01, 10, 0, 0xf5, 0xff];
    data.extend([0; 10]);
    data.extend([0, 0x0a, 0, 1]);
    png.extend(chunk(b"IDAT", &data));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// CRC-32 (PNG's chunk checksum).
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |crc, _| {
            (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg())
        })
    })
}

/// A header claiming more pixels than the size limit is an error naming the file, before the
/// decoder allocates them (100,000² RGB pixels aborted the process).
#[test]
fn an_image_too_large_to_decode_is_an_error_before_allocating() {
    let path = std::path::Path::new("huge.png");
    let error = decode(&png_header(100_000, 100_000), path, ColorType::Color, true)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("huge.png")
            && error.contains("an image of 100000 × 100000 pixels is over the limit"),
        "{error}"
    );
}

/// `header` (IDX, unsigned bytes, these dims) and `body` values, gzipped, in a temporary file.
fn gzipped_idx(dims: &[u32], body: &[u8]) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut bytes = vec![0, 0, 8, dims.len() as u8];
    dims.iter().for_each(|d| bytes.extend(d.to_be_bytes()));
    bytes.extend(body);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&bytes).unwrap();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&encoder.finish().unwrap()).unwrap();
    file
}

#[test]
fn gzipped_idx_files_inflate_no_further_than_their_header_promises() {
    let exact = gzipped_idx(&[2, 3, 4], &[7; 24]);
    let read = idx::read_idx(exact.path()).unwrap();
    assert_eq!((read.dims, read.data), (vec![2, 3, 4], vec![7; 24]));
    // 64 MiB of zeros behind a header promising 24 values: a small "zip bomb".
    let bomb = gzipped_idx(&[2, 3, 4], &vec![0; 64 << 20]);
    let error = idx::read_idx(bomb.path()).unwrap_err().to_string();
    assert!(
        error.contains("inflates to more than the 24 values"),
        "{error}"
    );
    assert!(
        error.contains(&bomb.path().display().to_string()),
        "{error}"
    );
    let huge = gzipped_idx(&[65536, 65536, 2], &[0; 16]);
    let error = idx::read_idx(huge.path()).unwrap_err().to_string();
    assert!(
        error.contains("promises more than 2147483648 values"),
        "{error}"
    );
}
