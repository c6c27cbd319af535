//! `_base_.a.b` and `{{_base_.a.b}}`: values of the merged base files.

use crate::error::ConfigErrorKind;
use crate::node::{Node, NodeValue, describe};

use super::super::ast::{Expr, ExprKind};
use super::{Evaluator, Result};

impl Evaluator<'_> {
    /// `_base_.a.b`: only attribute access on `_base_` is allowed, as on mmengine's ConfigDict.
    pub(super) fn attribute(&mut self, expr: &Expr) -> Result<Node> {
        let mut path = Vec::new();
        let mut current = expr;
        while let ExprKind::Attribute(inner, name) = &current.kind {
            path.push(name.clone());
            current = inner;
        }
        path.reverse();
        if matches!(&current.kind, ExprKind::Name(root) if root == "_base_") {
            return self.base_path(&path, expr.offset);
        }
        // A dict's keys are its attributes, as on mmengine's `ConfigDict`.
        let ExprKind::Attribute(inner, name) = &expr.kind else {
            return self.eval(expr);
        };
        let text = self.attribute_text(expr);
        match self.eval(inner)?.into_kind() {
            NodeValue::Dict(mut entries) => entries.swap_remove(name).ok_or_else(|| {
                self.value_error(
                    expr.offset,
                    format!("`{text}`: the dict has no key `{name}`"),
                )
            }),
            other => Err(self.error(
                expr.offset,
                ConfigErrorKind::Unsupported(format!(
                    "attribute access `{text}` on {}",
                    describe(&other)
                )),
            )),
        }
    }

    pub(super) fn attribute_text(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Attribute(inner, name) => format!("{}.{name}", self.attribute_text(inner)),
            ExprKind::Name(name) => name.clone(),
            _ => "(...)".to_owned(),
        }
    }

    /// The value at `path` in the merged base files.
    pub(super) fn base_path(&mut self, path: &[String], offset: usize) -> Result<Node> {
        let dotted = format!("_base_.{}", path.join("."));
        // `_base_` as this file has changed it, else the merged bases.
        let changed = self.vars.get("_base_").cloned();
        let Some(base) = changed.as_ref().or(self.base) else {
            return Err(self.error(
                offset,
                ConfigErrorKind::BaseReference {
                    path: dotted,
                    reason: "; this config has no `_base_` files".into(),
                },
            ));
        };
        match lookup(base, path).cloned() {
            Ok(node) => self.copy(&node, offset),
            Err(reason) => Err(self.error(
                offset,
                ConfigErrorKind::BaseReference {
                    path: dotted,
                    reason,
                },
            )),
        }
    }
}

/// Follows `path` (dict keys, or list indices for numeric parts) from `node`; on failure, the
/// reason, starting with "; ".
pub(crate) fn lookup<'n>(node: &'n Node, path: &[String]) -> std::result::Result<&'n Node, String> {
    let mut current = node;
    for (depth, part) in path.iter().enumerate() {
        let next = match current.kind() {
            NodeValue::Dict(entries) => entries.get(part),
            NodeValue::List(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        current = next.ok_or_else(|| {
            let parent = path.get(..depth).unwrap_or(&[]).join(".");
            if depth == 0 {
                format!("; the bases have no key `{part}`")
            } else {
                format!(
                    "; `_base_.{parent}` ({}) has no `{part}`",
                    current.describe()
                )
            }
        })?;
    }
    Ok(current)
}
