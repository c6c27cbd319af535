//! Where a value came from: a file, a line and a column.
//!
//! Every value of a loaded [`Config`](super::Config) remembers the place it was written, through
//! `_base_` merges and `--cfg-options` overrides, so that a later check can point at it:
//!
//! ```text
//! configs/_base_/models/resnet50.py:6:15
//! --cfg-options:1:22
//! ```

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The name given to text loaded by [`Config::from_str`](super::Config::from_str).
pub const STRING_SOURCE: &str = "<string>";

/// The pseudo-file of values set by [`Config::merge_options`](super::Config::merge_options).
///
/// Its line is the position of the option among those merged (1 for the first) and its column
/// the character where the option's value starts.
pub const OPTIONS_SOURCE: &str = "--cfg-options";

/// A position in a config source: `file:line:column`, both counted from 1.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Position {
    /// The file, as it was named when loaded (or [`STRING_SOURCE`], [`OPTIONS_SOURCE`]).
    pub file: Arc<Path>,
    /// The line, from 1.
    pub line: u32,
    /// The column in characters, from 1.
    pub column: u32,
}

impl Position {
    /// A location in `file`.
    pub fn new(file: Arc<Path>, line: u32, column: u32) -> Self {
        Self { file, line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Turns byte offsets of one text into [`Position`]s in constant time (plus a binary search
/// for the line), however long its lines.
#[derive(Debug)]
pub(crate) struct LineIndex {
    file: Arc<Path>,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// How many characters start before each multiple of [`BLOCK`] bytes.
    block_chars: Vec<usize>,
}

/// The stride, in bytes, of [`LineIndex`]'s character counts.
const BLOCK: usize = 256;

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(byte: &u8) -> bool {
    byte & 0xC0 != 0x80
}

impl LineIndex {
    pub(crate) fn new(file: Arc<Path>, text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        let mut block_chars = vec![0];
        let mut total = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            total += block.iter().filter(|b| starts_char(b)).count();
            block_chars.push(total);
        }
        Self {
            file,
            starts,
            block_chars,
        }
    }

    /// Characters of `text` that start before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        let base = self.block_chars.get(block).copied().unwrap_or(0);
        let tail = text.as_bytes().get(block * BLOCK..offset).unwrap_or(&[]);
        base + tail.iter().filter(|b| starts_char(b)).count()
    }

    /// The location of byte `offset` of `text` (the text this index was built from).
    /// The file this indexes.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    pub(crate) fn locate(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.chars_before(text, offset) - self.chars_before(text, start);
        Position::new(self.file.clone(), to_u32(line), to_u32(column + 1))
    }
}

/// Saturating conversion for line and column numbers.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_file_line_column() {
        let at = Position::new(Arc::from(Path::new("configs/a.py")), 12, 5);
        assert_eq!(at.to_string(), "configs/a.py:12:5");
    }

    #[test]
    fn line_index_counts_lines_and_characters_from_one() {
        let text = "ab\nçd\n\nx";
        let index = LineIndex::new(Arc::from(Path::new("t")), text);
        let at = |offset| {
            let l = index.locate(text, offset);
            (l.line, l.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(5), (2, 2)); // after the two-byte `ç`
        assert_eq!(at(7), (3, 1));
        assert_eq!(at(8), (4, 1));
    }

    #[test]
    fn long_lines_count_characters_across_blocks() {
        let text = format!("{}\n{}x", "é".repeat(300), "ü".repeat(500));
        let index = LineIndex::new(Arc::from(Path::new("t")), &text);
        let at = |offset| {
            let l = index.locate(&text, offset);
            (l.line, l.column)
        };
        assert_eq!(at(600), (1, 301));
        assert_eq!(at(601), (2, 1));
        assert_eq!(at(601 + 1000), (2, 501));
    }
}
