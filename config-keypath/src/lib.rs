#![doc = include_str!("../README.md")]

use std::fmt;

pub mod abbreviate;

/// One step of a [`KeyPath`]: a dict key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A key of a dict.
    Key(String),
    /// An index into a list.
    Index(usize),
}

/// The path from the root of a config to one value.
///
/// Displays as mmengine writes keys: dots between keys, brackets around list indices.
///
/// ```
/// use config_keypath::KeyPath;
///
/// let path = KeyPath::root().key("model").key("head").key("topk").index(1);
/// assert_eq!(path.to_string(), "model.head.topk[1]");
/// assert_eq!(KeyPath::parse("model.head.topk[1]"), Some(path));
/// assert_eq!(KeyPath::root().to_string(), "<root>");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPath {
    segments: Vec<Segment>,
}

impl KeyPath {
    /// The empty path: the config itself.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a dict key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.segments.push(Segment::Key(key.into()));
        self
    }

    /// This path extended by a list index.
    pub fn index(mut self, index: usize) -> Self {
        self.segments.push(Segment::Index(index));
        self
    }

    /// This path followed by `other`.
    pub fn join(mut self, other: &KeyPath) -> Self {
        self.segments.extend(other.segments.iter().cloned());
        self
    }

    /// Appends a segment in place.
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    /// Removes the last segment in place.
    pub fn pop(&mut self) -> Option<Segment> {
        self.segments.pop()
    }

    /// The segments, root first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether this is the root path.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Whether `self` equals `prefix` or lies below it.
    pub fn starts_with(&self, prefix: &KeyPath) -> bool {
        self.segments.starts_with(&prefix.segments)
    }

    /// Parses `a.b[1].c`; a purely numeric dotted segment (`a.1`) is read as an index,
    /// as mmengine's `--cfg-options` writes list items. `None` for an empty segment.
    pub fn parse(text: &str) -> Option<Self> {
        let mut path = KeyPath::root();
        if text.is_empty() {
            return Some(path);
        }
        for part in text.split('.') {
            let (key, mut rest) = match part.find('[') {
                Some(at) => part.split_at(at),
                None => (part, ""),
            };
            if key.is_empty() && rest.is_empty() {
                return None;
            }
            if !key.is_empty() {
                match key.parse::<usize>() {
                    Ok(index) if key.bytes().all(|b| b.is_ascii_digit()) => {
                        path = path.index(index)
                    }
                    _ => path = path.key(key),
                }
            }
            while !rest.is_empty() {
                let close = rest.find(']')?;
                let index = rest[1..close].parse::<usize>().ok()?;
                path = path.index(index);
                rest = &rest[close + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return None;
                }
            }
        }
        Some(path)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("<root>");
        }
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{}", abbreviate::name(key))?,
                Segment::Key(key) => write!(f, ".{}", abbreviate::name(key))?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl From<&str> for Segment {
    fn from(key: &str) -> Self {
        Segment::Key(key.to_owned())
    }
}

impl From<String> for Segment {
    fn from(key: String) -> Self {
        Segment::Key(key)
    }
}

impl From<usize> for Segment {
    fn from(index: usize) -> Self {
        Segment::Index(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dotted_indices_as_mmengine_writes_them() {
        let dotted = KeyPath::parse("model.head.topk.1").unwrap();
        assert_eq!(dotted.to_string(), "model.head.topk[1]");
    }

    #[test]
    fn rejects_malformed_paths() {
        assert_eq!(KeyPath::parse("a..b"), None);
        assert_eq!(KeyPath::parse("a[x]"), None);
        assert_eq!(KeyPath::parse("a[1"), None);
        assert_eq!(KeyPath::parse("a[1]b"), None);
    }

    #[test]
    fn index_at_root_displays_without_dot() {
        assert_eq!(KeyPath::root().index(0).key("a").to_string(), "[0].a");
    }
}
