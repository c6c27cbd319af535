//! Bracketed displays: tuples, lists and dicts, with `*`/`**` unpacking, and comprehensions.

use super::super::super::error::ConfigError;
use super::super::ast::{Clause, DictItem, Expr, ExprKind, Target};
use super::super::lexer::Tok;
use super::Parser;
use super::keywords::KEYWORDS;

type Result<T> = std::result::Result<T, ConfigError>;

impl Parser<'_> {
    /// After `(`: a parenthesized expression, a tuple, or a generator expression.
    pub(super) fn parenthesized(&mut self, offset: usize) -> Result<Expr> {
        if self.eat_op(")") {
            return Ok(expr(ExprKind::Tuple(Vec::new()), offset));
        }
        let first = self.item()?;
        if self.is_name("for") {
            let comprehension = self.comprehension(None, first, offset)?;
            self.expect_op(")")?;
            return Ok(comprehension);
        }
        if !matches!(first.kind, ExprKind::Starred(_)) && self.eat_op(")") {
            return Ok(first);
        }
        let items = self.items_after(first, ")")?;
        Ok(expr(ExprKind::Tuple(items), offset))
    }

    /// After `[`: a list or a list comprehension.
    pub(super) fn list(&mut self, offset: usize) -> Result<Expr> {
        if self.eat_op("]") {
            return Ok(expr(ExprKind::List(Vec::new()), offset));
        }
        let first = self.item()?;
        if self.is_name("for") {
            let comprehension = self.comprehension(None, first, offset)?;
            self.expect_op("]")?;
            return Ok(comprehension);
        }
        let items = self.items_after(first, "]")?;
        Ok(expr(ExprKind::List(items), offset))
    }

    /// An item of a list or tuple: an expression or `*iterable`.
    pub(super) fn item(&mut self) -> Result<Expr> {
        let offset = self.offset();
        if self.eat_op("*") {
            let value = self.or_test()?;
            return Ok(expr(ExprKind::Starred(Box::new(value)), offset));
        }
        self.expression()
    }

    /// The items after `first`, up to and including `close`.
    fn items_after(&mut self, first: Expr, close: &str) -> Result<Vec<Expr>> {
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(close) {
                break;
            }
            items.push(self.item()?);
        }
        self.expect_op(close)?;
        Ok(items)
    }

    /// After `{`: a dict display, with `**` unpacking, or a dict comprehension.
    pub(super) fn dict(&mut self, offset: usize) -> Result<Expr> {
        let mut entries = Vec::new();
        while !self.is_op("}") {
            if self.eat_op("**") {
                entries.push(DictItem::Unpack(self.or_test()?));
            } else {
                let key = self.expression()?;
                if self.is_op(",") || self.is_op("}") {
                    return Err(self.unsupported_at(offset, "a set literal"));
                }
                if self.is_name("for") {
                    return Err(self.unsupported_at(self.offset(), "a set comprehension"));
                }
                self.expect_op(":")?;
                let value = self.expression()?;
                if entries.is_empty() && self.is_name("for") {
                    let comprehension = self.comprehension(Some(key), value, offset)?;
                    self.expect_op("}")?;
                    return Ok(comprehension);
                }
                entries.push(DictItem::Pair(key, value));
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op("}")?;
        Ok(expr(ExprKind::Dict(entries), offset))
    }

    /// A generator expression as a call's only argument, read as a list comprehension.
    pub(super) fn generator(&mut self, element: Expr, offset: usize) -> Result<Expr> {
        self.comprehension(None, element, offset)
    }

    /// At `for`: the clauses `for target in iter [if cond]...`, then the comprehension.
    fn comprehension(&mut self, key: Option<Expr>, element: Expr, offset: usize) -> Result<Expr> {
        if matches!(element.kind, ExprKind::Starred(_)) {
            return Err(
                self.unsupported_at(element.offset, "a starred expression in a comprehension")
            );
        }
        let mut clauses = Vec::new();
        while self.is_name("for") {
            self.enter(self.offset())?;
            self.bump();
            let target = self.targets()?;
            if !self.is_name("in") {
                return Err(self.unexpected("`in`"));
            }
            self.bump();
            let iter = self.or_test()?;
            let mut conditions = Vec::new();
            while self.is_name("if") {
                self.bump();
                conditions.push(self.or_test()?);
            }
            clauses.push(Clause {
                target,
                iter,
                conditions,
            });
        }
        self.depth -= clauses.len();
        let kind = ExprKind::Comprehension {
            key: key.map(Box::new),
            element: Box::new(element),
            clauses,
        };
        Ok(expr(kind, offset))
    }

    /// The target of a `for`: `name`, `a, b` or `(a, (b, c))`.
    pub(super) fn targets(&mut self) -> Result<Target> {
        let first = self.target()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut targets = vec![first];
        while self.eat_op(",") {
            if self.is_name("in") {
                break;
            }
            targets.push(self.target()?);
        }
        Ok(Target::Tuple(targets))
    }

    fn target(&mut self) -> Result<Target> {
        let offset = self.offset();
        match self.bump() {
            Tok::Name(name) if !KEYWORDS.contains(&name.as_str()) => Ok(Target::Name(name)),
            Tok::Op(open @ ("(" | "[")) => {
                self.enter(offset)?;
                let close = if open == "(" { ")" } else { "]" };
                let mut targets = Vec::new();
                while !self.is_op(close) {
                    targets.push(self.target()?);
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(close)?;
                self.depth -= 1;
                Ok(Target::Tuple(targets))
            }
            _ => {
                self.pos -= 1;
                Err(self.unsupported_at(
                    offset,
                    "a comprehension target other than names and tuples of names",
                ))
            }
        }
    }
}

fn expr(kind: ExprKind, offset: usize) -> Expr {
    Expr { kind, offset }
}
