//! Subscripts and slices of lists and strings, and keys of dicts, as Python resolves them.

use crate::node::{Node, NodeValue, describe};

use super::super::ast::Expr;
use super::{Evaluator, Result};

impl Evaluator<'_> {
    pub(super) fn index(&mut self, value: Node, index: &Node, offset: usize) -> Result<Node> {
        match (value.into_kind(), index.kind()) {
            (NodeValue::List(mut items), NodeValue::Int(i)) => {
                let len = items.len();
                let at = resolve_index(*i, len).ok_or_else(|| {
                    self.value_error(
                        offset,
                        format!("index {i} is out of range for a list of {len} items"),
                    )
                })?;
                Ok(items.swap_remove(at))
            }
            (NodeValue::Str(s), NodeValue::Int(i)) => {
                let chars: Vec<char> = s.chars().collect();
                let at = resolve_index(*i, chars.len()).ok_or_else(|| {
                    self.value_error(
                        offset,
                        format!(
                            "index {i} is out of range for a string of {} characters",
                            chars.len()
                        ),
                    )
                })?;
                let c = chars.get(at).copied().unwrap_or_default();
                self.scalar(NodeValue::Str(c.to_string()), offset)
            }
            (NodeValue::Dict(mut entries), NodeValue::Str(key)) => entries
                .swap_remove(key)
                .ok_or_else(|| self.value_error(offset, format!("key '{key}' is not in the dict"))),
            (kind, index) => Err(self.value_error(
                offset,
                format!(
                    "cannot subscript {} with {}",
                    describe(&kind),
                    describe(index)
                ),
            )),
        }
    }

    /// The evaluated `start`, `stop` and `step` of a slice: ints, or `None` when absent.
    pub(super) fn slice_bounds(&mut self, parts: [Option<&Expr>; 3]) -> Result<[Option<i128>; 3]> {
        let mut bounds = [None; 3];
        for (bound, part) in bounds.iter_mut().zip(parts) {
            let Some(part) = part else { continue };
            *bound = match self.eval(part)?.into_kind() {
                NodeValue::Int(i) => Some(i),
                NodeValue::Null => None,
                other => {
                    return Err(self.value_error(
                        part.offset,
                        format!(
                            "slice indices must be ints or None, not {}",
                            describe(&other)
                        ),
                    ));
                }
            };
        }
        Ok(bounds)
    }

    pub(super) fn slice(
        &mut self,
        value: Node,
        start: Option<i128>,
        stop: Option<i128>,
        step: Option<i128>,
        offset: usize,
    ) -> Result<Node> {
        let step = step.unwrap_or(1);
        if step == 0 {
            return Err(self.value_error(offset, "slice step cannot be zero"));
        }
        match value.into_kind() {
            NodeValue::List(items) => {
                let picked = slice_indices(items.len(), start, stop, step);
                let mut slots: Vec<Option<Node>> = items.into_iter().map(Some).collect();
                let items = picked
                    .into_iter()
                    .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                    .collect();
                self.list(items, offset)
            }
            NodeValue::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let text: String = slice_indices(chars.len(), start, stop, step)
                    .into_iter()
                    .filter_map(|i| chars.get(i))
                    .collect();
                self.scalar(NodeValue::Str(text), offset)
            }
            other => Err(self.value_error(offset, format!("cannot slice {}", describe(&other)))),
        }
    }
}

/// Python's index resolution: negative counts from the end.
pub(super) fn resolve_index(i: i128, len: usize) -> Option<usize> {
    let len = i128::try_from(len).ok()?;
    let at = if i < 0 { i + len } else { i };
    if (0..len).contains(&at) {
        usize::try_from(at).ok()
    } else {
        None
    }
}

/// The indices `[start:stop:step]` selects from a sequence of `len` items (Python's
/// `slice.indices`); `step` is not zero.
fn slice_indices(len: usize, start: Option<i128>, stop: Option<i128>, step: i128) -> Vec<usize> {
    let n = i128::try_from(len).unwrap_or(i128::MAX);
    let clamp = |bound: Option<i128>, default: i128| -> i128 {
        match bound {
            None => default,
            Some(b) if b < 0 => {
                let b = b + n;
                if b < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    b
                }
            }
            Some(b) if b >= n => {
                if step < 0 {
                    n - 1
                } else {
                    n
                }
            }
            Some(b) => b,
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(start, 0), clamp(stop, n))
    } else {
        (clamp(start, n - 1), clamp(stop, -1))
    };
    let mut indices = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if let Ok(at) = usize::try_from(i) {
            indices.push(at);
        }
        i += step;
    }
    indices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_follow_python() {
        assert_eq!(slice_indices(3, None, None, -1), [2, 1, 0]);
        assert_eq!(slice_indices(5, Some(1), Some(-1), 1), [1, 2, 3]);
        assert_eq!(slice_indices(5, Some(-2), None, 1), [3, 4]);
        assert_eq!(slice_indices(5, None, None, 2), [0, 2, 4]);
        assert_eq!(slice_indices(5, Some(10), Some(-10), -2), [4, 2, 0]);
        assert_eq!(slice_indices(5, Some(-10), Some(10), 1), [0, 1, 2, 3, 4]);
        assert!(slice_indices(0, None, None, -1).is_empty());
    }

    #[test]
    fn indices_follow_python() {
        assert_eq!(resolve_index(-1, 3), Some(2));
        assert_eq!(resolve_index(3, 3), None);
        assert_eq!(resolve_index(-4, 3), None);
    }
}
