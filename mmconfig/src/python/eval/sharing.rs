//! Where Python would share one dict or list between two places. The reader keeps values,
//! not objects, so changing a shared value in place (`b = a` then `a['x'] = 1`, which mmengine
//! sees in `b` too) would silently differ; such a change is refused instead, naming the
//! variable. Tracking is by variable and conservative: a whole variable read as a container
//! may be aliased; a variable built from references may hold aliases.

use std::collections::HashSet;

use crate::error::ConfigErrorKind;
use crate::node::{Node, NodeValue};

use super::super::ast::{Expr, ExprKind};
use super::{Evaluator, Result};

#[derive(Default)]
pub(super) struct Sharing {
    /// Containers read by reference while evaluating the current statement: the variable,
    /// and whether it was read whole (`a`) rather than a part of it (`a.b`, `a[0]`, `a[1:]`).
    refs: Vec<(String, bool)>,
    /// Variables whose own dict or list may also be reachable from elsewhere.
    aliased: HashSet<String>,
    /// Variables that may contain a dict or list reachable from elsewhere.
    holds: HashSet<String>,
    /// Variables bound as `name = _base_.name`: mmengine `ConfigDict`s, like `_base_`, and
    /// the same object as `_base_.name`, which may then not be read or changed through
    /// `_base_` (that would differ; tracked as the key of `_base_`).
    base_views: HashSet<String>,
    /// Keys of `_base_` read by earlier statements, and by the current one.
    base_read: HashSet<String>,
    base_read_now: Vec<String>,
}

/// The key of `_base_` that a reference chain (`_base_.model.x`, `{{_base_.model}}`) or
/// an assignment target starts with.
pub(super) fn base_key(expr: &Expr) -> Option<&str> {
    let mut current = expr;
    let mut key = None;
    loop {
        match &current.kind {
            ExprKind::Name(name) => return key.filter(|_| name == "_base_"),
            ExprKind::BaseRef(path) => return path.first().map(String::as_str),
            ExprKind::Attribute(inner, name) => {
                key = Some(name.as_str());
                current = inner;
            }
            ExprKind::Index(inner, _) => {
                key = None;
                current = inner;
            }
            ExprKind::Slice { value, .. } => current = value,
            _ => return None,
        }
    }
}

/// The variable a reference chain (`a`, `a.b`, `a[0]`, `a[1:]`) starts from, and whether the
/// chain is the variable itself.
pub(super) fn reference_root(expr: &Expr) -> Option<(&str, bool)> {
    let mut current = expr;
    loop {
        match &current.kind {
            ExprKind::Name(name) => return Some((name, std::ptr::eq(current, expr))),
            ExprKind::BaseRef(_) => return Some(("_base_", false)),
            ExprKind::Attribute(inner, _) | ExprKind::Index(inner, _) => current = inner,
            ExprKind::Slice { value, .. } => current = value,
            _ => return None,
        }
    }
}

impl Evaluator<'_> {
    pub(super) fn sharing_mark(&self) -> usize {
        self.sharing.refs.len()
    }

    /// After `expr` evaluated to `node`: a reference chain that gave a container counts once,
    /// for its root (the references inside it are folded into that one).
    pub(super) fn note_reference(&mut self, expr: &Expr, node: &Node, mark: usize) -> Result<()> {
        if let Some(key) = base_key(expr) {
            self.check_not_viewed(key, expr.offset)?;
            self.sharing.base_read_now.push(key.to_owned());
        }
        let Some((root, whole)) = reference_root(expr) else {
            return Ok(());
        };
        self.sharing.refs.truncate(mark);
        let shares = match (&expr.kind, node.kind()) {
            // A slice is a new list; only its dict and list items are shared.
            (ExprKind::Slice { .. }, NodeValue::List(items)) => items
                .iter()
                .any(|item| matches!(item.kind(), NodeValue::Dict(_) | NodeValue::List(_))),
            (_, kind) => matches!(kind, NodeValue::Dict(_) | NodeValue::List(_)),
        };
        if shares {
            self.sharing.refs.push((root.to_owned(), whole));
        }
        Ok(())
    }

    /// Refuses to read or change `_base_.key` once a variable `key = _base_.key` is the same
    /// object (mmengine would show changes of either in the other).
    pub(super) fn check_not_viewed(&self, key: &str, offset: usize) -> Result<()> {
        if !self.sharing.base_views.contains(key) {
            return Ok(());
        }
        let what = format!(
            "`_base_.{key}` after `{key} = _base_.{key}` (both name one object; use `{key}`)"
        );
        Err(self.error(offset, ConfigErrorKind::Unsupported(what)))
    }

    /// Forgets the references since `mark` (a deep copy shares nothing).
    pub(super) fn forget_references(&mut self, mark: usize) {
        self.sharing.refs.truncate(mark);
    }

    /// Refuses to change in place, `depth` steps below the variable `root`, a value that
    /// Python may share with another place.
    pub(super) fn check_unshared(&self, root: &str, depth: usize, offset: usize) -> Result<()> {
        let shared =
            self.sharing.aliased.contains(root) || (depth > 1 && self.sharing.holds.contains(root));
        if !shared {
            return Ok(());
        }
        let what = format!(
            "changing `{root}` in place after it was shared with another value (Python would change both; build it anew or use copy.deepcopy first)"
        );
        Err(self.error(offset, ConfigErrorKind::Unsupported(what)))
    }

    /// After a statement stored into `root` (`rebound`: as a whole) the value of `value`.
    pub(super) fn note_store(&mut self, root: &str, rebound: bool, value: Option<&Expr>) {
        let refs = std::mem::take(&mut self.sharing.refs);
        let read_before = self.sharing.base_read.contains(root);
        self.commit_base_reads();
        // `model = _base_.model`: the file's `model` is merged over the base's, so changing
        // the one object both name gives what mmengine gives. (Reading `_base_.model` again
        // after such a change is not tracked.)
        let base_view = |v: &Expr| {
            matches!(&v.kind, ExprKind::Attribute(inner, key)
                if key == root && matches!(&inner.kind, ExprKind::Name(b) if b == "_base_"))
        };
        if rebound && value.is_some_and(base_view) && !read_before {
            self.sharing.aliased.remove(root);
            self.sharing.holds.remove(root);
            self.sharing.base_views.insert(root.to_owned());
            return;
        }
        // Setting a key of a `ConfigDict` stores a converted copy of a dict or list.
        if !rebound && (root == "_base_" || self.sharing.base_views.contains(root)) {
            return;
        }
        if rebound {
            self.sharing.base_views.remove(root);
            self.sharing.aliased.remove(root);
            self.sharing.holds.remove(root);
            if value.and_then(reference_root).is_some() && !refs.is_empty() {
                self.sharing.aliased.insert(root.to_owned());
            }
        }
        if !refs.is_empty() {
            self.sharing.holds.insert(root.to_owned());
        }
        for (name, whole) in refs {
            if whole {
                self.sharing.aliased.insert(name);
            } else {
                self.sharing.holds.insert(name);
            }
        }
    }

    fn commit_base_reads(&mut self) {
        let reads = std::mem::take(&mut self.sharing.base_read_now);
        self.sharing.base_read.extend(reads);
    }

    /// After a `for` loop's iterable was read: its items are shared with it.
    pub(super) fn note_iterated(&mut self) {
        self.commit_base_reads();
        for (name, _) in std::mem::take(&mut self.sharing.refs) {
            self.sharing.holds.insert(name);
        }
    }

    /// A `for` loop bound `name` to an item of its iterable (`shared`: a dict or list).
    pub(super) fn note_bound(&mut self, name: &str, shared: bool) {
        self.sharing.holds.remove(name);
        if shared {
            self.sharing.aliased.insert(name.to_owned());
        } else {
            self.sharing.aliased.remove(name);
        }
    }
}

/// The variable an assignment target (`a`, `a.b`, `a[0]`) starts from, and how many steps
/// below it the target is.
pub(super) fn target_root(target: &Expr) -> Option<(&str, usize)> {
    let mut current = target;
    let mut steps = 0;
    loop {
        match &current.kind {
            ExprKind::Name(name) => return Some((name, steps)),
            ExprKind::Attribute(inner, _) | ExprKind::Index(inner, _) => current = inner,
            _ => return None,
        }
        steps += 1;
    }
}
