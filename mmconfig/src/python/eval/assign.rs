//! Assignment into a config-local dict or list: `model.backbone.depth = 101`,
//! `train_pipeline[2]['scale'] = (640, 640)`, as mmengine's `ConfigDict` allows.

use crate::error::ConfigErrorKind;
use crate::node::{Node, NodeValue, describe};

use super::super::ast::{Expr, ExprKind};
use super::subscript::resolve_index;
use super::{Evaluator, Result};

/// One step from the assigned variable towards the assigned place.
struct Step {
    /// The key (an attribute, or a subscript's value).
    key: Node,
    offset: usize,
}

impl Evaluator<'_> {
    /// Sets the place `target` names (an attribute or subscript path from a variable) to
    /// `value`. A variable that only the `_base_` files define is copied into this file first.
    pub(super) fn assign_path(&mut self, target: &Expr, value: Node) -> Result<()> {
        let mut steps = Vec::new();
        let mut current = target;
        let root = loop {
            match &current.kind {
                ExprKind::Attribute(inner, name) => {
                    let key = Node::string(name.clone(), None);
                    steps.push(Step {
                        key,
                        offset: current.offset,
                    });
                    current = inner;
                }
                ExprKind::Index(inner, index) => {
                    let key = self.eval(index)?;
                    steps.push(Step {
                        key,
                        offset: index.offset,
                    });
                    current = inner;
                }
                ExprKind::Name(name) => break name,
                _ => {
                    return Err(self.error(
                        target.offset,
                        ConfigErrorKind::Unsupported("this assignment target".into()),
                    ));
                }
            }
        };
        steps.reverse();
        if !self.vars.contains_key(root) {
            let copied = self.name(root, current.offset)?;
            self.vars.insert(root.clone(), copied);
        }
        let Some(slot) = self.vars.get_mut(root) else {
            return Err(self.error(current.offset, ConfigErrorKind::UndefinedName(root.clone())));
        };
        let node = std::mem::replace(slot, Node::null(None));
        let updated = self.set(node, &steps, value)?;
        let updated = self.container(updated, target.offset)?;
        if let Some(slot) = self.vars.get_mut(root) {
            *slot = updated;
        }
        Ok(())
    }

    /// `node` with the place at `steps` set to `value`.
    fn set(&self, node: Node, steps: &[Step], value: Node) -> Result<Node> {
        let Some((step, rest)) = steps.split_first() else {
            return Ok(value);
        };
        let (kind, loc) = node.into_parts();
        match (kind, step.key.kind()) {
            (NodeValue::Dict(mut entries), NodeValue::Str(_) | NodeValue::Int(_)) => {
                let key = match step.key.kind() {
                    NodeValue::Int(i) => i.to_string(),
                    NodeValue::Str(text) => text.clone(),
                    _ => String::new(),
                };
                let child = match entries.get_mut(&key) {
                    Some(slot) => std::mem::replace(slot, Node::null(None)),
                    None if rest.is_empty() => Node::null(None),
                    None => {
                        return Err(self
                            .value_error(step.offset, format!("key '{key}' is not in the dict")));
                    }
                };
                let child = self.set(child, rest, value)?;
                entries.insert(key, child);
                Ok(Node::dict(entries, loc))
            }
            (NodeValue::List(mut items), NodeValue::Int(i)) => {
                let len = items.len();
                let Some(slot) = resolve_index(*i, len).and_then(|at| items.get_mut(at)) else {
                    return Err(self.value_error(
                        step.offset,
                        format!("index {i} is out of range for a list of {len} items"),
                    ));
                };
                let child = std::mem::replace(slot, Node::null(None));
                *slot = self.set(child, rest, value)?;
                Ok(Node::list(items, loc))
            }
            (kind, key) => Err(self.value_error(
                step.offset,
                format!(
                    "cannot set an item of {} with {}",
                    describe(&kind),
                    describe(key)
                ),
            )),
        }
    }
}
