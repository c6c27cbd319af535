//! The value tree every reader builds: JSON-like values, each with the place it was written.
//!
//! A [`Node`] is a [`serde_json::Value`] whose every dict, list and scalar also carries its
//! [`Position`]. Merges keep the locations of what they keep, so after all `_base_` files
//! and options are merged each value still knows its origin. Nodes also record their height,
//! so that recursion over them is always bounded by [`Limits::max_depth`](super::Limits).

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};

use config_keypath::{KeyPath, Segment};

use super::error::{ConfigError, ConfigErrorKind};
use super::source::Position;

/// The entries of a dict node, in insertion order.
pub(crate) type Dict = IndexMap<String, Node>;

/// A value with its origin.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub(crate) loc: Option<Position>,
    kind: NodeValue,
    /// 1 for a scalar or empty container, else 1 + the height of the tallest child.
    height: usize,
    /// How many values this tree holds, itself included.
    size: usize,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NodeValue {
    Null,
    Bool(bool),
    /// An integer that fits `i64` or `u64`.
    Int(i128),
    /// A finite float.
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Dict(Dict),
}

impl Node {
    pub(crate) fn scalar(kind: NodeValue, loc: Option<Position>) -> Self {
        debug_assert!(!matches!(kind, NodeValue::List(_) | NodeValue::Dict(_)));
        Self {
            loc,
            kind,
            height: 1,
            size: 1,
        }
    }

    /// A node of any kind, with height and size recomputed.
    pub(crate) fn from_kind(kind: NodeValue, loc: Option<Position>) -> Self {
        match kind {
            NodeValue::List(items) => Self::list(items, loc),
            NodeValue::Dict(entries) => Self::dict(entries, loc),
            scalar => Self::scalar(scalar, loc),
        }
    }

    pub(crate) fn null(loc: Option<Position>) -> Self {
        Self::scalar(NodeValue::Null, loc)
    }

    pub(crate) fn string(text: impl Into<String>, loc: Option<Position>) -> Self {
        Self::scalar(NodeValue::Str(text.into()), loc)
    }

    pub(crate) fn list(items: Vec<Node>, loc: Option<Position>) -> Self {
        let height = 1 + items.iter().map(|item| item.height).max().unwrap_or(0);
        let size = items
            .iter()
            .fold(1usize, |sum, item| sum.saturating_add(item.size));
        Self {
            loc,
            kind: NodeValue::List(items),
            height,
            size,
        }
    }

    pub(crate) fn dict(entries: Dict, loc: Option<Position>) -> Self {
        let height = 1 + entries
            .values()
            .map(|value| value.height)
            .max()
            .unwrap_or(0);
        let size = entries
            .values()
            .fold(1usize, |sum, value| sum.saturating_add(value.size));
        Self {
            loc,
            kind: NodeValue::Dict(entries),
            height,
            size,
        }
    }

    pub(crate) fn kind(&self) -> &NodeValue {
        &self.kind
    }

    pub(crate) fn into_kind(self) -> NodeValue {
        self.kind
    }

    pub(crate) fn height(&self) -> usize {
        self.height
    }

    pub(crate) fn size(&self) -> usize {
        self.size
    }

    pub(crate) fn as_dict(&self) -> Option<&Dict> {
        match &self.kind {
            NodeValue::Dict(entries) => Some(entries),
            _ => None,
        }
    }

    /// The location of the node at `path`, or of its nearest ancestor that has one.
    pub(crate) fn position(&self, path: &KeyPath) -> Option<&Position> {
        let mut node = self;
        let mut found = node.loc.as_ref();
        for segment in path.segments() {
            let next = match (segment, &node.kind) {
                (Segment::Key(key), NodeValue::Dict(entries)) => entries.get(key),
                (Segment::Index(index), NodeValue::List(items)) => items.get(*index),
                _ => None,
            };
            match next {
                Some(child) => {
                    node = child;
                    found = node.loc.as_ref().or(found);
                }
                None => return None,
            }
        }
        found
    }

    /// What kind of value this is, for messages: "a dict", "a string", …
    pub(crate) fn describe(&self) -> &'static str {
        describe(&self.kind)
    }

    /// The JSON value of this tree.
    pub(crate) fn to_value(&self) -> Value {
        match &self.kind {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => int_to_value(*i),
            NodeValue::Float(x) => Number::from_f64(*x).map_or(Value::Null, Value::Number),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::List(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            NodeValue::Dict(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect::<Map<_, _>>(),
            ),
        }
    }

    /// The tree of a JSON value, without locations. Fails when the value nests deeper than
    /// `max_depth`.
    pub(crate) fn from_value(value: &Value, max_depth: usize) -> Result<Node, ConfigError> {
        if value_height(value) > max_depth {
            return Err(ConfigError::new(ConfigErrorKind::Limit {
                what: "nesting depth",
                limit: max_depth,
            }));
        }
        Ok(Self::from_shallow_value(value))
    }

    /// [`Node::from_value`] for a value already known to be shallow enough.
    fn from_shallow_value(value: &Value) -> Node {
        match value {
            Value::Null => Node::null(None),
            Value::Bool(b) => Node::scalar(NodeValue::Bool(*b), None),
            Value::Number(n) => Node::scalar(number_kind(n), None),
            Value::String(s) => Node::string(s.clone(), None),
            Value::Array(items) => {
                Node::list(items.iter().map(Self::from_shallow_value).collect(), None)
            }
            Value::Object(entries) => Node::dict(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), Self::from_shallow_value(value)))
                    .collect(),
                None,
            ),
        }
    }

    /// The value and the location, apart. Changed values are put back together with
    /// [`Node::list`], [`Node::dict`] or [`Node::from_kind`], which recompute height and size.
    pub(crate) fn into_parts(self) -> (NodeValue, Option<Position>) {
        (self.kind, self.loc)
    }
}

/// How many levels a JSON value nests, found without recursion.
fn value_height(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Value::Object(entries) => stack.extend(entries.values().map(|item| (item, depth + 1))),
            _ => {}
        }
    }
    deepest
}

fn number_kind(n: &Number) -> NodeValue {
    if let Some(i) = n.as_i64() {
        NodeValue::Int(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        NodeValue::Int(i128::from(u))
    } else {
        NodeValue::Float(n.as_f64().unwrap_or(0.0))
    }
}

/// A JSON number for an integer known to fit `i64` or `u64`.
fn int_to_value(i: i128) -> Value {
    if let Ok(small) = i64::try_from(i) {
        Value::from(small)
    } else if let Ok(large) = u64::try_from(i) {
        Value::from(large)
    } else {
        Value::Null
    }
}

/// Whether `i` can be stored in a config (fits `i64` or `u64`).
pub(crate) fn int_fits(i: i128) -> bool {
    i >= i128::from(i64::MIN) && i <= i128::from(u64::MAX)
}

/// What kind of value `kind` is, for messages.
pub(crate) fn describe(kind: &NodeValue) -> &'static str {
    match kind {
        NodeValue::Null => "None",
        NodeValue::Bool(_) => "a bool",
        NodeValue::Int(_) => "an int",
        NodeValue::Float(_) => "a float",
        NodeValue::Str(_) => "a string",
        NodeValue::List(_) => "a list",
        NodeValue::Dict(_) => "a dict",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use serde_json::json;

    use super::*;

    fn at(line: u32) -> Option<Position> {
        Some(Position::new(Arc::from(Path::new("f.py")), line, 1))
    }

    #[test]
    fn containers_track_height_and_size() {
        let inner = Node::list(vec![Node::null(None), Node::null(None)], None);
        let outer = Node::dict([("a".to_owned(), inner)].into_iter().collect(), None);
        assert_eq!((outer.height(), outer.size()), (3, 4));
        assert_eq!(Node::list(vec![], None).height(), 1);
    }

    #[test]
    fn position_falls_back_to_nearest_located_ancestor() {
        let leaf = Node::scalar(NodeValue::Int(1), None);
        let list = Node::list(vec![leaf], at(2));
        let root = Node::dict([("a".to_owned(), list)].into_iter().collect(), at(1));
        let path = KeyPath::root().key("a").index(0);
        assert_eq!(root.position(&path).map(|l| l.line), Some(2));
        assert_eq!(root.position(&KeyPath::root()).map(|l| l.line), Some(1));
        assert_eq!(root.position(&KeyPath::root().key("b")), None);
    }

    #[test]
    fn round_trips_json_values() {
        let value = json!({"a": [1, -2, 18446744073709551615u64, 0.5, "s", null, true], "b": {}});
        let node = Node::from_value(&value, 10).unwrap();
        assert_eq!(node.to_value(), value);
    }

    #[test]
    fn from_value_rejects_values_deeper_than_the_limit() {
        let value = json!([[[[1]]]]);
        assert!(Node::from_value(&value, 5).is_ok());
        let error = Node::from_value(&value, 4).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("nesting depth exceeds the limit of 4")
        );
    }
}
