//! IDX files (MNIST's format), gzipped or not.

use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;

use crate::error::DataError;

/// An IDX array of unsigned bytes: its dimensions and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idx {
    /// The dimensions, outermost first.
    pub dims: Vec<usize>,
    /// The values, row-major.
    pub data: Vec<u8>,
}

/// The most values an IDX file may hold (2³¹; MNIST's largest file holds 47 million): a header
/// promising more is refused before anything is decompressed or allocated.
pub const MAX_VALUES: usize = 1 << 31;

/// Reads the `u8` IDX file at `path`, decompressing it if it starts with gzip's magic.
///
/// Decompression stops one byte past what the header promises: a gzip stream that inflates
/// to more (a "zip bomb") is an error, never an allocation of its whole output.
pub fn read_idx(path: &Path) -> Result<Idx, DataError> {
    let raw = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
    let bytes = match raw.starts_with(&[0x1f, 0x8b]) {
        true => inflate(&raw).map_err(|m| DataError::format(path, m))?,
        false => raw,
    };
    parse(&bytes).map_err(|m| DataError::format(path, m))
}

/// The gzipped IDX bytes `raw`, inflated up to the header's promise plus one byte.
fn inflate(raw: &[u8]) -> Result<Vec<u8>, String> {
    let bad = |e: std::io::Error| format!("bad gzip data: {e}");
    let mut decoder = GzDecoder::new(raw);
    let mut bytes = vec![0; 4];
    decoder.read_exact(&mut bytes).map_err(bad)?;
    let ndim = usize::from(bytes[3]);
    if !(1..=3).contains(&ndim) {
        return Ok(bytes); // `parse` says what is wrong with it
    }
    bytes.resize(4 + 4 * ndim, 0);
    decoder.read_exact(&mut bytes[4..]).map_err(bad)?;
    let promised = value_count(&dims(&bytes[4..]))?;
    // promised ≤ MAX_VALUES: no overflow.
    decoder
        .take(promised as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(bad)?;
    match bytes.len() - 4 - 4 * ndim > promised {
        true => Err(format!(
            "the gzip data inflates to more than the {promised} values its header promises"
        )),
        false => Ok(bytes),
    }
}

/// The big-endian `u32` sizes of an IDX header.
fn dims(header: &[u8]) -> Vec<usize> {
    header
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect()
}

/// The product of `dims`, at most [`MAX_VALUES`].
fn value_count(dims: &[usize]) -> Result<usize, String> {
    let count = dims
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .filter(|&count| count <= MAX_VALUES);
    count.ok_or_else(|| format!("the header {dims:?} promises more than {MAX_VALUES} values"))
}

/// Parses IDX bytes: `0 0 type ndim`, `ndim` big-endian `u32` sizes, then the values.
pub fn parse(bytes: &[u8]) -> Result<Idx, String> {
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err("not an IDX file (expected the magic 0x00 0x00 type ndim)".into());
    }
    if bytes[2] != 0x08 {
        return Err(format!(
            "IDX type 0x{:02x} is not unsigned bytes (0x08)",
            bytes[2]
        ));
    }
    let ndim = bytes[3] as usize;
    if !(1..=3).contains(&ndim) {
        return Err(format!(
            "IDX files of {ndim} dimensions are not supported (expected 1 to 3)"
        ));
    }
    let header = 4 + 4 * ndim;
    if bytes.len() < header {
        return Err(format!(
            "truncated: {} bytes, the header alone needs {header}",
            bytes.len()
        ));
    }
    let dims = dims(&bytes[4..header]);
    let count = value_count(&dims)?;
    let body = bytes.len() - header;
    if body != count {
        return Err(format!(
            "truncated or padded: the header {dims:?} promises {count} values, the file holds {body}"
        ));
    }
    Ok(Idx {
        dims,
        data: bytes[header..].to_vec(),
    })
}
