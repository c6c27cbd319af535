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

/// Reads the `u8` IDX file at `path`, decompressing it if it starts with gzip's magic.
pub fn read_idx(path: &Path) -> Result<Idx, DataError> {
    let raw = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| DataError::format(path, format!("bad gzip data: {e}")))?;
        out
    } else {
        raw
    };
    parse(&bytes).map_err(|m| DataError::format(path, m))
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
    let dims: Vec<usize> = bytes[4..header]
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    let count = dims
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or("IDX sizes overflow")?;
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
