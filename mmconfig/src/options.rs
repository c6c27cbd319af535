//! Overrides in the form of mmengine's `--cfg-options` (`DictAction` and
//! `Config.merge_from_dict`).
//!
//! Each option is `key=value`. The key is a dotted path; a purely numeric part indexes a list
//! (or names a dict key, if the value there is a dict), and `key[1]` always indexes. Missing
//! dict keys are created. The value is parsed like mmengine does:
//!
//! ```text
//! depth=101            -> 101              lr=1e-4        -> 0.0001
//! flag=true / False    -> true / false     x=None         -> null
//! topk=[1,5]           -> [1, 5]           size=(224,224) -> [224, 224] (a tuple)
//! a=1,2,3              -> [1, 2, 3]        p=[(1,2),(3,4)] -> [[1, 2], [3, 4]]
//! name='resnet'        -> "resnet"         type=ResNet    -> "ResNet"
//! ```
//!
//! Unlike mmengine, spaces inside a value are kept (mmengine deletes every space), and an
//! option may replace a single list item (`model.head.topk.1=3`; mmengine only merges dicts
//! into list items).

use config_keypath::KeyPath;

use super::error::{ConfigError, ConfigErrorKind};
use super::limits::Limits;
use super::merge::DELETE_KEY;
use super::node::{Dict, Node, NodeValue, describe, int_fits};
use super::python::number::{float_of_str, int_of_str};
use super::source::{OPTIONS_SOURCE, Position, to_u32};

/// One step of an option's key.
#[derive(Debug, PartialEq)]
enum Step {
    /// `name`: a dict key.
    Key(String),
    /// `.1`: a list index, or a dict key if the value there is a dict.
    Digits(String),
    /// `[1]`: a list index.
    Index(usize),
}

/// Applies the option `text` (the `number`th, from 1) to `root`.
pub(crate) fn apply(
    root: Node,
    text: &str,
    number: usize,
    limits: &Limits,
) -> Result<Node, ConfigError> {
    let option = OptionText { text, number };
    if text.len() > limits.max_string_len {
        return Err(option.limit("option length", limits.max_string_len));
    }
    let Some((key, raw)) = text.split_once('=') else {
        return Err(option.fail("expected `key=value`".into(), 0));
    };
    let steps =
        parse_key(key).ok_or_else(|| option.fail(format!("`{key}` is not a valid key path"), 0))?;
    if steps.contains(&Step::Key(DELETE_KEY.to_owned())) {
        let offset = key.find(DELETE_KEY).unwrap_or(0);
        return Err(option.fail(
            format!(
                "`{DELETE_KEY}` directs merges of config files; an option already replaces the \
                 value at its key"
            ),
            offset,
        ));
    }
    if steps.len() > limits.max_depth {
        return Err(option.limit("key path length", limits.max_depth));
    }
    let value_at = option.at(key.len() + 1);
    let value = parse_value(raw, &value_at, 0, limits)
        .map_err(|message| option.fail(message, key.len() + 1))?;
    let mut path = KeyPath::root();
    let root = set(root, &steps, value, &value_at, &mut path)
        .map_err(|(message, path)| option.fail(message, 0).with_key(path))?;
    if root.height() > limits.max_depth {
        return Err(option.limit("nesting depth", limits.max_depth));
    }
    Ok(root)
}

/// One option as given, for errors that point into it.
struct OptionText<'a> {
    text: &'a str,
    /// Its place among the options, from 1 (the "line" of its position).
    number: usize,
}

impl OptionText<'_> {
    /// The position of byte `offset`: the option's number, then the column.
    fn at(&self, offset: usize) -> Position {
        let column = self
            .text
            .get(..offset)
            .map_or(0, |prefix| prefix.chars().count())
            + 1;
        let file = std::sync::Arc::from(std::path::Path::new(OPTIONS_SOURCE));
        Position::new(file, to_u32(self.number), to_u32(column))
    }

    fn fail(&self, message: String, offset: usize) -> ConfigError {
        ConfigError::at(
            ConfigErrorKind::Option {
                option: self.text.to_owned(),
                message,
            },
            self.at(offset),
        )
    }

    fn limit(&self, what: &'static str, limit: usize) -> ConfigError {
        ConfigError::at(ConfigErrorKind::Limit { what, limit }, self.at(0))
    }
}

/// `a.b.0.c[1]` as steps; `None` if malformed.
fn parse_key(key: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for part in key.split('.') {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if name.is_empty() && (rest.is_empty() || steps.is_empty()) {
            return None;
        }
        if !name.is_empty() {
            if name.bytes().all(|b| b.is_ascii_digit()) {
                steps.push(Step::Digits(name.to_owned()));
            } else {
                steps.push(Step::Key(name.to_owned()));
            }
        }
        while !rest.is_empty() {
            let close = rest.find(']')?;
            let index = rest.get(1..close)?;
            if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            steps.push(Step::Index(index.parse().ok()?));
            rest = rest.get(close + 1..)?;
            if !rest.is_empty() && !rest.starts_with('[') {
                return None;
            }
        }
    }
    Some(steps)
}

type SetError = (String, KeyPath);

/// `node` with the value at `steps` replaced by `value`; `path` is where `node` sits.
fn set(
    node: Node,
    steps: &[Step],
    value: Node,
    loc: &Position,
    path: &mut KeyPath,
) -> Result<Node, SetError> {
    let Some((step, rest)) = steps.split_first() else {
        return Ok(value);
    };
    let (kind, node_loc) = node.into_parts();
    match (kind, step) {
        (NodeValue::Dict(mut entries), Step::Key(key) | Step::Digits(key)) => {
            path.push(key.as_str().into());
            let child = match entries.get_mut(key) {
                Some(slot) => std::mem::replace(slot, Node::null(None)),
                None => Node::dict(Dict::new(), Some(loc.clone())),
            };
            let child = set(child, rest, value, loc, path)?;
            path.pop();
            entries.insert(key.clone(), child);
            Ok(Node::dict(entries, node_loc))
        }
        (NodeValue::List(mut items), Step::Digits(digits)) => {
            let index = digits.parse().unwrap_or(usize::MAX);
            set_item(&mut items, index, rest, value, loc, path)?;
            Ok(Node::list(items, node_loc))
        }
        (NodeValue::List(mut items), Step::Index(index)) => {
            set_item(&mut items, *index, rest, value, loc, path)?;
            Ok(Node::list(items, node_loc))
        }
        (NodeValue::List(_), Step::Key(key)) => Err((
            format!("it is a list, which has no key `{key}`"),
            path.clone(),
        )),
        (NodeValue::Dict(_), Step::Index(index)) => Err((
            format!("it is a dict, which has no index [{index}]"),
            path.clone(),
        )),
        (other, _) => Err((
            format!(
                "it is {}, so nothing can be set inside it",
                describe(&other)
            ),
            path.clone(),
        )),
    }
}

fn set_item(
    items: &mut [Node],
    index: usize,
    rest: &[Step],
    value: Node,
    loc: &Position,
    path: &mut KeyPath,
) -> Result<(), SetError> {
    let len = items.len();
    path.push(index.into());
    let Some(slot) = items.get_mut(index) else {
        path.pop();
        return Err((
            format!("index {index} is out of range for a list of {len} items"),
            path.clone(),
        ));
    };
    let child = std::mem::replace(slot, Node::null(None));
    *slot = set(child, rest, value, loc, path)?;
    path.pop();
    Ok(())
}

/// mmengine's `DictAction._parse_iterable`: brackets, commas, then scalars.
fn parse_value(raw: &str, loc: &Position, depth: usize, limits: &Limits) -> Result<Node, String> {
    if depth > limits.max_depth {
        return Err(format!(
            "brackets nest deeper than the limit of {}",
            limits.max_depth
        ));
    }
    let value = raw.trim().trim_matches(['\'', '"']).trim();
    let (inner, bracketed) =
        if let Some(inner) = value.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
            (inner, true)
        } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            (inner, true)
        } else {
            (value, false)
        };
    if !bracketed && !value.contains(',') {
        return parse_scalar(value, loc);
    }
    let mut items = Vec::new();
    let mut rest = inner;
    while !rest.is_empty() {
        let comma =
            next_comma(rest).ok_or_else(|| format!("brackets are not balanced in `{raw}`"))?;
        let (element, after) = rest.split_at(comma);
        if !bracketed && element.len() == value.len() {
            return Err(format!(
                "`{value}` has a comma inside brackets that do not enclose the value: mmengine's \
                 DictAction cannot split it (write it in the config file)"
            ));
        }
        items.push(parse_value(element, loc, depth + 1, limits)?);
        rest = after.get(1..).unwrap_or("");
    }
    Ok(Node::list(items, Some(loc.clone())))
}

/// The byte offset of the first comma outside brackets (the length if none); `None` if the
/// brackets do not balance.
fn next_comma(text: &str) -> Option<usize> {
    let opens = |c| matches!(c, '(' | '[');
    let closes = |c| matches!(c, ')' | ']');
    if text.chars().filter(|c| *c == '(').count() != text.chars().filter(|c| *c == ')').count()
        || text.chars().filter(|c| *c == '[').count() != text.chars().filter(|c| *c == ']').count()
    {
        return None;
    }
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        if c == ',' && depth == 0 {
            return Some(at);
        }
        if opens(c) {
            depth += 1;
        } else if closes(c) {
            depth = depth.saturating_sub(1);
        }
    }
    Some(text.len())
}

/// mmengine's `_parse_int_float_bool`: Python's `int(text)`, else `float(text)`, else a
/// bool (any case), `None`, or else the string itself.
fn parse_scalar(text: &str, loc: &Position) -> Result<Node, String> {
    let kind = if let Some(int) = int_of_str(text) {
        if !int_fits(int) {
            return Err(format!("integer `{text}` does not fit 64 bits"));
        }
        NodeValue::Int(int)
    } else if let Some(float) = float_of_str(text) {
        if !float.is_finite() {
            return Err(format!(
                "`{text}` cannot be stored (infinite and NaN values are not supported)"
            ));
        }
        NodeValue::Float(float)
    } else if text.eq_ignore_ascii_case("true") {
        NodeValue::Bool(true)
    } else if text.eq_ignore_ascii_case("false") {
        NodeValue::Bool(false)
    } else if text == "None" {
        NodeValue::Null
    } else {
        NodeValue::Str(text.to_owned())
    };
    Ok(Node::scalar(kind, Some(loc.clone())))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn value(raw: &str) -> Result<Value, String> {
        let loc = Position::new(
            std::sync::Arc::from(std::path::Path::new(OPTIONS_SOURCE)),
            1,
            1,
        );
        parse_value(raw, &loc, 0, &Limits::default()).map(|node| node.to_value())
    }

    #[test]
    fn parses_values_like_dict_action() {
        assert_eq!(value("101").unwrap(), json!(101));
        assert_eq!(value("-3").unwrap(), json!(-3));
        assert_eq!(value("007").unwrap(), json!(7));
        assert_eq!(value("-0.5").unwrap(), json!(-0.5));
        assert_eq!(value("1_e5").unwrap(), json!("1_e5"));
        assert_eq!(value("1_000").unwrap(), json!(1000));
        assert_eq!(value("0.01").unwrap(), json!(0.01));
        assert_eq!(value("1e-4").unwrap(), json!(0.0001));
        assert_eq!(value(".5").unwrap(), json!(0.5));
        assert_eq!(value("true").unwrap(), json!(true));
        assert_eq!(value("FALSE").unwrap(), json!(false));
        assert_eq!(value("None").unwrap(), json!(null));
        assert_eq!(value("none").unwrap(), json!("none"));
        assert_eq!(value("'ResNet'").unwrap(), json!("ResNet"));
        assert_eq!(value("\"a b\"").unwrap(), json!("a b"));
        assert_eq!(value("[1,5]").unwrap(), json!([1, 5]));
        assert_eq!(value("[1, 5]").unwrap(), json!([1, 5]));
        assert_eq!(value("(224,224)").unwrap(), json!([224, 224]));
        assert_eq!(value("1,2,3").unwrap(), json!([1, 2, 3]));
        assert_eq!(value("1,2,").unwrap(), json!([1, 2]));
        assert_eq!(value("[(1,2),(3,4)]").unwrap(), json!([[1, 2], [3, 4]]));
        assert_eq!(
            value("[a,[b,c],(1.5,)]").unwrap(),
            json!(["a", ["b", "c"], [1.5]])
        );
        assert_eq!(value("[]").unwrap(), json!([]));
        assert_eq!(value("").unwrap(), json!(""));
    }

    #[test]
    fn rejects_what_cannot_be_stored() {
        assert_eq!(
            value("[1,(2]").unwrap_err(),
            "brackets are not balanced in `[1,(2]`"
        );
        assert_eq!(
            value("[dict(type='R',s=(1,1))]").unwrap_err(),
            "`dict(type='R',s=(1,1))` has a comma inside brackets that do not enclose the value: \
             mmengine's DictAction cannot split it (write it in the config file)"
        );
        assert_eq!(
            value("inf").unwrap_err(),
            "`inf` cannot be stored (infinite and NaN values are not supported)"
        );
        assert_eq!(
            value("99999999999999999999999").unwrap_err(),
            "integer `99999999999999999999999` does not fit 64 bits"
        );
    }

    #[test]
    fn parses_keys() {
        assert_eq!(
            parse_key("model.head.topk.1").unwrap(),
            [
                Step::Key("model".into()),
                Step::Key("head".into()),
                Step::Key("topk".into()),
                Step::Digits("1".into())
            ]
        );
        assert_eq!(
            parse_key("topk[1][0]").unwrap(),
            [Step::Key("topk".into()), Step::Index(1), Step::Index(0)]
        );
        assert_eq!(parse_key("a..b"), None);
        assert_eq!(parse_key("a[x]"), None);
        assert_eq!(parse_key(""), None);
    }
}
