//! Methods of config values: `value.copy()`, and mmengine `ConfigDict`'s `update` and `merge`,
//! which new-style configs call as statements (`model.update(backbone=dict(depth=101))`).

use crate::error::ConfigErrorKind;
use crate::merge::DELETE_KEY;
use crate::node::{Dict, Node, NodeValue, describe};

use super::super::ast::{Expr, ExprKind};
use super::compare::truthy;
use super::{Evaluator, Result};

impl Evaluator<'_> {
    /// `value.copy()` of a dict or a list (values are plain data, so the copy is the value),
    /// or `text.format(...)`.
    pub(super) fn value_method(&mut self, call: &Expr) -> Result<Node> {
        let ExprKind::Method {
            receiver,
            name,
            args,
            kwargs,
        } = &call.kind
        else {
            return self.eval(call);
        };
        let offset = call.offset;
        if !matches!(name.as_str(), "copy" | "format") {
            let what = format!(
                "`.{name}()` as a value (it changes a dict or list and gives None; write it as a statement)"
            );
            return Err(self.error(offset, ConfigErrorKind::Unsupported(what)));
        }
        let value = self.eval(receiver)?;
        match (name.as_str(), value.kind()) {
            ("copy", NodeValue::Dict(_) | NodeValue::List(_)) => Ok(value),
            ("format", NodeValue::Str(template)) => {
                let values = self.items(args)?;
                let mut named = Vec::new();
                for keyword in kwargs {
                    match &keyword.name {
                        Some(key) => named.push((key.clone(), self.eval(&keyword.value)?)),
                        None => named.extend(self.mapping(&keyword.value)?),
                    }
                }
                self.str_format(template, &values, &named, offset)
            }
            (_, kind) => Err(self.value_error(
                offset,
                format!("{} has no method `{name}()` here", describe(kind)),
            )),
        }
    }

    /// The dict that `call` (`d.update(...)` or `d.merge(...)`) leaves in `d`.
    pub(super) fn updated(&mut self, call: &Expr) -> Result<Node> {
        let ExprKind::Method {
            receiver,
            name,
            args,
            kwargs,
        } = &call.kind
        else {
            return self.eval(call);
        };
        // The receiver is changed, not shared.
        let mark = self.sharing_mark();
        let (kind, loc) = self.eval(receiver)?.into_parts();
        self.forget_references(mark);
        let kind = match kind {
            NodeValue::List(items) if kwargs.is_empty() => {
                return self.list_updated(items, loc, name, args, call.offset);
            }
            other => other,
        };
        if !matches!(name.as_str(), "update" | "merge") || matches!(kind, NodeValue::List(_)) {
            let message = format!("{} has no method `{name}()` here", describe(&kind));
            return Err(self.value_error(call.offset, message));
        }
        let NodeValue::Dict(entries) = kind else {
            let message = format!("`.{name}()` of {}: only a dict has it", describe(&kind));
            return Err(self.value_error(call.offset, message));
        };
        let mut other = Dict::new();
        if args.len() > 1 {
            let message = format!("`.{name}()` takes one positional argument");
            return Err(self.value_error(call.offset, message));
        }
        for arg in args {
            other.extend(self.mapping(arg)?);
        }
        for keyword in kwargs {
            match &keyword.name {
                Some(key) => {
                    other.insert(key.clone(), self.eval(&keyword.value)?);
                }
                None => other.extend(self.mapping(&keyword.value)?),
            }
        }
        if name == "update" {
            return Ok(Node::dict(update(entries, other), loc));
        }
        let base = Node::dict(entries, loc.clone());
        let merged = merge_into(Node::dict(other, loc), Some(base));
        Ok(merged)
    }
}

impl Evaluator<'_> {
    /// The list that `list.append(x)` or `list.extend(xs)` leaves.
    fn list_updated(
        &mut self,
        mut items: Vec<Node>,
        loc: Option<crate::source::Position>,
        name: &str,
        args: &[Expr],
        offset: usize,
    ) -> Result<Node> {
        let [arg] = args else {
            let message = format!("`.{name}()` of a list takes one argument");
            return Err(self.value_error(offset, message));
        };
        let value = self.eval(arg)?;
        match name {
            "append" => items.push(value),
            "extend" => items.extend(self.iterate(value, arg.offset)?),
            _ => {
                let message = format!("a list has no method `{name}()` here");
                return Err(self.value_error(offset, message));
            }
        }
        self.container(Node::list(items, loc), offset)
    }
}

/// `ConfigDict.update`: a dict value over a dict updates it recursively; anything else
/// replaces. `_delete_` has no meaning here.
fn update(mut entries: Dict, other: Dict) -> Dict {
    for (key, value) in other {
        let slot = entries
            .get_mut(&key)
            .filter(|slot| slot.as_dict().is_some());
        match (slot, value.into_parts()) {
            (Some(slot), (NodeValue::Dict(inner), _)) => {
                let (old, loc) = std::mem::replace(slot, Node::null(None)).into_parts();
                let NodeValue::Dict(old) = old else {
                    continue;
                };
                *slot = Node::dict(update(old, inner), loc);
            }
            (_, (kind, loc)) => {
                entries.insert(key, Node::from_kind(kind, loc));
            }
        }
    }
    entries
}

/// `ConfigDict.merge`: `a` merged into `b` as mmengine does it — a dict into a dict key by
/// key (the base's keys first), emptied first when `a` has a true `_delete_`.
fn merge_into(a: Node, b: Option<Node>) -> Node {
    let (kind, loc) = a.into_parts();
    let NodeValue::Dict(mut a_entries) = kind else {
        return Node::from_kind(kind, loc);
    };
    let delete = a_entries
        .shift_remove(DELETE_KEY)
        .is_some_and(|flag| truthy(flag.kind()));
    let Some(NodeValue::Dict(mut merged)) = b.map(Node::into_kind) else {
        return Node::dict(a_entries, loc);
    };
    if delete {
        merged.clear();
    }
    merged.shift_remove(DELETE_KEY);
    for (key, value) in a_entries {
        let old = merged
            .get_mut(&key)
            .map(|slot| std::mem::replace(slot, Node::null(None)));
        merged.insert(key, merge_into(value, old));
    }
    Node::dict(merged, loc)
}
