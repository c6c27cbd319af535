//! Comprehensions: `[x for ...]`, `{k: v for ...}`, with tuple targets, several `for`
//! clauses and `if` filters.

use crate::error::ConfigErrorKind;
use crate::node::{Dict, Node, NodeValue, describe};

use super::super::ast::{Clause, Expr, Target};
use super::compare::truthy;
use super::{Evaluator, Result};

/// What a comprehension builds.
enum Output {
    List(Vec<Node>),
    Dict(Dict),
}

impl Evaluator<'_> {
    pub(super) fn comprehension(
        &mut self,
        key: Option<&Expr>,
        element: &Expr,
        clauses: &[Clause],
        offset: usize,
    ) -> Result<Node> {
        let mut output = match key {
            Some(_) => Output::Dict(Dict::new()),
            None => Output::List(Vec::new()),
        };
        let locals = self.locals.len();
        let result = self.clauses(key, element, clauses, &mut output);
        self.locals.truncate(locals);
        result?;
        match output {
            Output::List(items) => self.list(items, offset),
            Output::Dict(entries) => {
                self.charge(1, offset)?;
                self.container(Node::dict(entries, Some(self.position(offset))), offset)
            }
        }
    }

    /// Runs the first clause, and for each item that passes its filters, the rest.
    fn clauses(
        &mut self,
        key: Option<&Expr>,
        element: &Expr,
        clauses: &[Clause],
        output: &mut Output,
    ) -> Result<()> {
        let Some((clause, rest)) = clauses.split_first() else {
            match (output, key) {
                (Output::Dict(entries), Some(key)) => {
                    let key_node = self.eval(key)?;
                    let key_text = self.key(key_node, key.offset)?;
                    let value = self.eval(element)?;
                    entries.insert(key_text, value);
                }
                (Output::List(items), _) => items.push(self.eval(element)?),
                (Output::Dict(_), None) => {}
            }
            return Ok(());
        };
        let iterable = self.eval(&clause.iter)?;
        let items = self.iterate(iterable, clause.iter.offset)?;
        for item in items {
            let mark = self.locals.len();
            self.bind(&clause.target, item, clause.iter.offset)?;
            let mut passes = true;
            for condition in &clause.conditions {
                if !truthy(self.eval(condition)?.kind()) {
                    passes = false;
                    break;
                }
            }
            if passes {
                self.clauses(key, element, rest, output)?;
            }
            self.locals.truncate(mark);
        }
        Ok(())
    }

    /// Binds `target` to `value`, unpacking tuples of names.
    pub(super) fn bind(&mut self, target: &Target, value: Node, offset: usize) -> Result<()> {
        match target {
            Target::Name(name) => self.locals.push((name.clone(), value)),
            Target::Tuple(targets) => {
                let kind = value.into_kind();
                let NodeValue::List(items) = kind else {
                    return Err(self.error(
                        offset,
                        ConfigErrorKind::Value(format!(
                            "cannot unpack {} into {} names",
                            describe(&kind),
                            targets.len()
                        )),
                    ));
                };
                if items.len() != targets.len() {
                    return Err(self.value_error(
                        offset,
                        format!(
                            "cannot unpack {} items into {} names",
                            items.len(),
                            targets.len()
                        ),
                    ));
                }
                for (target, item) in targets.iter().zip(items) {
                    self.bind(target, item, offset)?;
                }
            }
        }
        Ok(())
    }
}
