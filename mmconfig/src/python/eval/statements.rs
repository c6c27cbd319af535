//! Running a file's statements: assignments, imports read as data, updates of dicts and
//! lists, and `for` loops over config values.

use crate::node::{Node, NodeValue};

use super::super::ast::{Expr, ExprKind, Statement, Target};
use super::sharing::{base_key, target_root};
use super::{Evaluator, Result};

impl Evaluator<'_> {
    /// Runs one statement; names bound by `from module import Name` go to `imported`.
    pub(super) fn execute(
        &mut self,
        statement: &Statement,
        imported: &mut Vec<String>,
    ) -> Result<()> {
        match statement {
            Statement::Import { module, .. } => self.imports.push(module.clone()),
            Statement::ReadBase { .. } => {}
            Statement::ImportNames {
                module,
                names,
                offset,
            } => {
                for (name, bound) in names {
                    let at = Some(self.position(*offset));
                    let reference = Node::string(format!("{module}.{name}"), at);
                    self.vars.insert(bound.clone(), reference);
                    imported.push(bound.clone());
                }
            }
            Statement::Assign { target, value } => match &target.kind {
                ExprKind::Name(name) if name == "_base_" => {}
                _ => {
                    let node = self.eval(value)?;
                    self.store(target, node, 0, Some(value))?;
                }
            },
            Statement::Update { target, call } => {
                let value = self.updated(call)?;
                // `update` and `merge` change nested dicts too; `append`/`extend` the list.
                let recursive = matches!(&call.kind, ExprKind::Method { name, .. } if name == "update" || name == "merge");
                self.store(target, value, 1 + usize::from(recursive), None)?;
            }
            Statement::For {
                target,
                iter,
                body,
                offset,
            } => self.for_loop(target, iter, body, *offset, imported)?,
        }
        Ok(())
    }

    /// Sets the variable or the place in one that `target` names, to `node` (the value of
    /// `value`, or the changed value of an update `extra` levels deep in place).
    fn store(
        &mut self,
        target: &Expr,
        node: Node,
        extra: usize,
        value: Option<&Expr>,
    ) -> Result<()> {
        let Some((root, steps)) = target_root(target) else {
            return self.assign_path(target, node);
        };
        if steps + extra > 0 {
            self.check_unshared(root, steps + extra, target.offset)?;
        }
        if let Some(key) = base_key(target) {
            self.check_not_viewed(key, target.offset)?;
        }
        self.note_store(root, steps + extra == 0, value);
        match &target.kind {
            ExprKind::Name(name) => {
                self.imports.retain(|module| module != name);
                self.vars.insert(name.clone(), node);
                Ok(())
            }
            _ => self.assign_path(target, node),
        }
    }

    /// Runs `body` once per item of `iter`, with `target` bound to it as a variable.
    fn for_loop(
        &mut self,
        target: &Target,
        iter: &Expr,
        body: &[Statement],
        offset: usize,
        imported: &mut Vec<String>,
    ) -> Result<()> {
        let iterable = self.eval(iter)?;
        self.note_iterated();
        for item in self.iterate(iterable, iter.offset)? {
            let mark = self.locals.len();
            self.bind(target, item, offset)?;
            let bound: Vec<(String, Node)> = self.locals.drain(mark..).collect();
            for (name, value) in bound {
                let shared = matches!(value.kind(), NodeValue::Dict(_) | NodeValue::List(_));
                self.note_bound(&name, shared);
                self.vars.insert(name, value);
            }
            for statement in body {
                self.execute(statement, imported)?;
            }
        }
        Ok(())
    }
}
