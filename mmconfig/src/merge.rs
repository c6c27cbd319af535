//! mmengine's merge of a child config into its bases (`Config._merge_a_into_b`).
//!
//! For each key of the child dict: a dict value merges recursively into the base's dict at
//! that key, unless the child dict has `_delete_=True`, in which case it replaces it; any other
//! value replaces the base's. A child dict over a base value that is not a dict is an error
//! (set `_delete_=True` to replace it). Keys keep the base's order; new keys come after.
//!
//! ```text
//! base:   model = dict(backbone=dict(depth=50, style='pytorch'), head=dict(num_classes=1000))
//! child:  model = dict(backbone=dict(depth=101), head=dict(_delete_=True, type='X'))
//! merged: model = dict(backbone=dict(depth=101, style='pytorch'), head=dict(type='X'))
//! ```
//!
//! A `_delete_` key is removed where it is read; as in mmengine, one over no base value (or in
//! a file without bases) stays in the config.

use config_keypath::KeyPath;

use super::error::{ConfigError, ConfigErrorKind};
use super::node::{Dict, Node, NodeValue};

/// The key that makes a child dict replace its base instead of merging into it.
pub(crate) const DELETE_KEY: &str = "_delete_";

/// Merges the dict `child` into the dict `base`; `path` is where they sit in the config.
/// The result has the child's location.
pub(crate) fn merge(child: Node, base: Node, path: &KeyPath) -> Result<Node, ConfigError> {
    let (child_kind, child_loc) = child.into_parts();
    let (NodeValue::Dict(child_entries), NodeValue::Dict(mut merged)) =
        (child_kind, base.into_kind())
    else {
        return Err(
            ConfigError::new(ConfigErrorKind::Value("only dicts can be merged".into()))
                .with_location(child_loc)
                .with_key(path.clone()),
        );
    };
    for (key, value) in child_entries {
        let key_path = path.clone().key(key.as_str());
        let (kind, loc) = value.into_parts();
        let NodeValue::Dict(mut entries) = kind else {
            merged.insert(key, Node::from_kind(kind, loc));
            continue;
        };
        // As mmengine, `_delete_` is read (and removed) only where there is a base value.
        let delete = merged.contains_key(&key) && take_delete(&mut entries, &key_path)?;
        let value = Node::dict(entries, loc);
        let slot = match merged.get_mut(&key) {
            Some(slot) if !delete => slot,
            _ => {
                merged.insert(key, value);
                continue;
            }
        };
        if slot.as_dict().is_none() {
            return Err(ConfigError::new(ConfigErrorKind::MergeConflict {
                found: slot.describe(),
            })
            .with_location(value.loc.clone())
            .with_key(key_path));
        }
        let base_value = std::mem::replace(slot, Node::null(None));
        *slot = merge(value, base_value, &key_path)?;
    }
    Ok(Node::dict(merged, child_loc))
}

/// Removes `_delete_` from a dict's entries; returns whether it was true.
fn take_delete(entries: &mut Dict, path: &KeyPath) -> Result<bool, ConfigError> {
    let Some(flag) = entries.shift_remove(DELETE_KEY) else {
        return Ok(false);
    };
    match flag.kind() {
        NodeValue::Bool(b) => Ok(*b),
        _ => Err(ConfigError::new(ConfigErrorKind::Value(format!(
            "`{DELETE_KEY}` must be True or False, not {}",
            flag.describe()
        )))
        .with_location(flag.loc.clone())
        .with_key(path.clone().key(DELETE_KEY))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn node(value: Value) -> Node {
        Node::from_value(&value, 100).unwrap()
    }

    fn merged(child: Value, base: Value) -> Result<Value, String> {
        merge(node(child), node(base), &KeyPath::root())
            .map(|n| n.to_value())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn merges_dicts_recursively_and_replaces_everything_else() {
        let base = json!({"model": {"backbone": {"depth": 50, "style": "pytorch"}, "topk": [1, 5]}, "lr": 0.1});
        let child = json!({"model": {"backbone": {"depth": 101}, "topk": [1]}, "extra": true});
        assert_eq!(
            merged(child, base).unwrap(),
            json!({"model": {"backbone": {"depth": 101, "style": "pytorch"}, "topk": [1]}, "lr": 0.1, "extra": true})
        );
    }

    #[test]
    fn keeps_base_key_order() {
        let result = merged(
            json!({"b": {"y": 1}, "c": 3}),
            json!({"a": 1, "b": {"x": 0}}),
        )
        .unwrap();
        let keys: Vec<_> = result.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["a", "b", "c"]);
    }

    #[test]
    fn delete_replaces_and_is_removed_where_read() {
        let base = json!({"head": {"type": "A", "loss": {"w": 1}}, "x": 1});
        let child = json!({"head": {"_delete_": true, "type": "B"}});
        assert_eq!(
            merged(child, base.clone()).unwrap(),
            json!({"head": {"type": "B"}, "x": 1})
        );
        let keep = json!({"head": {"_delete_": false, "type": "B"}});
        assert_eq!(
            merged(keep, base).unwrap(),
            json!({"head": {"type": "B", "loss": {"w": 1}}, "x": 1})
        );
        // Over no base value `_delete_` is not read, and stays (mmengine 0.10.7 keeps it).
        let fresh = json!({"new": {"_delete_": true, "inner": {"_delete_": true, "a": 1}}});
        assert_eq!(merged(fresh.clone(), json!({})).unwrap(), fresh);
    }

    #[test]
    fn dict_over_non_dict_is_an_error_with_key_path() {
        let error = merged(
            json!({"model": {"depth": {"a": 1}}}),
            json!({"model": {"depth": 50}}),
        )
        .unwrap_err();
        assert_eq!(
            error,
            "model.depth: this is a dict in the child config but an int in its base; set `_delete_=True` in the child dict to replace the base value"
        );
        let error = merged(json!({"m": {"_delete_": 1}}), json!({"m": {}})).unwrap_err();
        assert_eq!(
            error,
            "m._delete_: `_delete_` must be True or False, not an int"
        );
    }
}
