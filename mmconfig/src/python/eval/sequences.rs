//! The builtins over iterables: `range`, `min`, `max`, `sum`, `sorted`, `zip`, `enumerate`.

use std::cmp::Ordering;

use crate::node::{Node, NodeValue};

use super::super::ast::BinOp;
use super::compare::{order, truthy};
use super::{Evaluator, Result};

impl Evaluator<'_> {
    /// `sum(iterable, start=0)`.
    pub(super) fn sum(&mut self, mut values: Vec<Node>, offset: usize) -> Result<Node> {
        let start = values.get(1).cloned();
        let items = self.iterate(values.swap_remove(0), offset)?;
        let mut total = match start {
            Some(start) => start,
            None => self.int(0, offset)?,
        };
        for item in items {
            total = self.binary(BinOp::Add, total, item, offset)?;
        }
        Ok(total)
    }

    /// `sorted(iterable, reverse=False)`: stable, as Python sorts.
    pub(super) fn sorted(&mut self, mut values: Vec<Node>, offset: usize) -> Result<Node> {
        let reverse = values.get(1).is_some_and(|r| truthy(r.kind()));
        let mut items = self.iterate(values.swap_remove(0), offset)?;
        if items
            .windows(2)
            .any(|w| order(w[0].kind(), w[1].kind()).is_none())
        {
            return Err(self.value_error(offset, "`sorted()` of values that cannot be ordered"));
        }
        items.sort_by(|a, b| {
            let (a, b) = if reverse { (b, a) } else { (a, b) };
            order(a.kind(), b.kind()).unwrap_or(Ordering::Equal)
        });
        self.list(items, offset)
    }

    /// `zip(*iterables)`: rows as lists, as long as the shortest.
    pub(super) fn zip(&mut self, values: Vec<Node>, offset: usize) -> Result<Node> {
        let mut columns = Vec::with_capacity(values.len());
        for value in values {
            columns.push(self.iterate(value, offset)?.into_iter());
        }
        let mut rows = Vec::new();
        'rows: loop {
            let mut row = Vec::with_capacity(columns.len());
            for column in &mut columns {
                match column.next() {
                    Some(item) => row.push(item),
                    None => break 'rows,
                }
            }
            if row.is_empty() {
                break;
            }
            rows.push(self.list(row, offset)?);
        }
        self.list(rows, offset)
    }

    /// `enumerate(iterable, start=0)`: `[index, item]` rows.
    pub(super) fn enumerate(&mut self, mut values: Vec<Node>, offset: usize) -> Result<Node> {
        let start = match values.get(1).cloned().map(Node::into_kind) {
            None => 0,
            Some(NodeValue::Int(i)) => i,
            other => return Err(self.bad_argument("enumerate", other, offset)),
        };
        let items = self.iterate(values.swap_remove(0), offset)?;
        let mut rows = Vec::with_capacity(items.len());
        for (i, item) in (start..).zip(items) {
            let index = self.int(i, offset)?;
            rows.push(self.list(vec![index, item], offset)?);
        }
        self.list(rows, offset)
    }

    /// `range(stop)`, `range(start, stop)` or `range(start, stop, step)`.
    pub(super) fn range(&mut self, values: Vec<Node>, offset: usize) -> Result<Node> {
        let mut ints = Vec::with_capacity(3);
        for value in values {
            match value.into_kind() {
                NodeValue::Int(i) => ints.push(i),
                other => return Err(self.bad_argument("range", Some(other), offset)),
            }
        }
        let (start, stop, step) = match ints[..] {
            [stop] => (0, stop, 1),
            [start, stop] => (start, stop, 1),
            [start, stop, step] => (start, stop, step),
            _ => (0, 0, 1),
        };
        if step == 0 {
            return Err(self.value_error(offset, "`range()` step must not be zero"));
        }
        let count = if step > 0 {
            (stop - start + step - 1) / step
        } else {
            (start - stop - step - 1) / -step
        };
        let count = usize::try_from(count.max(0)).unwrap_or(usize::MAX);
        self.charge(count, offset)?;
        let loc = Some(self.position(offset));
        let items = (0..count)
            .map(|k| Node::scalar(NodeValue::Int(start + step * k as i128), loc.clone()))
            .collect();
        self.list(items, offset)
    }

    /// `min(...)` or `max(...)` of one iterable or of several arguments.
    pub(super) fn extreme(
        &mut self,
        max: bool,
        mut values: Vec<Node>,
        offset: usize,
    ) -> Result<Node> {
        let name = if max { "max" } else { "min" };
        let items = if values.len() == 1 {
            self.iterate(values.swap_remove(0), offset)?
        } else {
            values
        };
        let mut best: Option<Node> = None;
        for item in items {
            let better = match &best {
                None => true,
                Some(current) => match order(item.kind(), current.kind()) {
                    Some(ordering) => {
                        ordering
                            == if max {
                                Ordering::Greater
                            } else {
                                Ordering::Less
                            }
                    }
                    None => {
                        return Err(self.value_error(
                            offset,
                            format!("`{name}()` of values that cannot be ordered"),
                        ));
                    }
                },
            };
            if better {
                best = Some(item);
            }
        }
        best.ok_or_else(|| self.value_error(offset, format!("`{name}()` of an empty sequence")))
    }
}
