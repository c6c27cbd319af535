//! Operators by precedence: `+ -`, then `* / // %`, then unary signs, then `**`.

use super::super::super::error::ConfigError;
use super::super::ast::{BinOp, Expr, ExprKind};
use super::super::lexer::Tok;
use super::Parser;

impl Parser<'_> {
    /// An expression: arithmetic, then a check for operators configs may not use.
    pub(super) fn expression(&mut self) -> Result<Expr, ConfigError> {
        let expr = self.sum()?;
        let offset = self.offset();
        let what = match self.peek() {
            Tok::Name(n) => match n.as_str() {
                "if" => Some("a conditional expression `x if cond else y`".to_owned()),
                "and" | "or" => Some(format!("the boolean operator `{n}`")),
                "in" | "is" | "not" => Some(format!("the comparison `{n}`")),
                "for" => Some("a generator expression".to_owned()),
                _ => None,
            },
            Tok::Op(op) => match *op {
                "==" | "!=" | "<" | ">" | "<=" | ">=" => Some(format!("the comparison `{op}`")),
                "|" | "&" | "^" | "<<" | ">>" | "@" => Some(format!("the binary operator `{op}`")),
                _ => None,
            },
            _ => None,
        };
        match what {
            Some(what) => Err(self.unsupported_at(offset, what)),
            None => Ok(expr),
        }
    }

    pub(super) fn sum(&mut self) -> Result<Expr, ConfigError> {
        let saved = self.depth;
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Tok::Op("+") => BinOp::Add,
                Tok::Op("-") => BinOp::Sub,
                _ => break,
            };
            self.enter(self.offset())?;
            self.bump();
            let right = self.term()?;
            left = binary(op, left, right);
        }
        self.depth = saved;
        Ok(left)
    }

    pub(super) fn term(&mut self) -> Result<Expr, ConfigError> {
        let saved = self.depth;
        let mut left = self.factor()?;
        loop {
            let op = match self.peek() {
                Tok::Op("*") => BinOp::Mul,
                Tok::Op("/") => BinOp::Div,
                Tok::Op("//") => BinOp::FloorDiv,
                Tok::Op("%") => BinOp::Mod,
                _ => break,
            };
            self.enter(self.offset())?;
            self.bump();
            let right = self.factor()?;
            left = binary(op, left, right);
        }
        self.depth = saved;
        Ok(left)
    }

    pub(super) fn factor(&mut self) -> Result<Expr, ConfigError> {
        let offset = self.offset();
        self.enter(offset)?;
        let result = match self.peek() {
            Tok::Op("-") | Tok::Op("+") => {
                let negate = self.is_op("-");
                self.bump();
                let operand = self.factor()?;
                Ok(Expr {
                    kind: ExprKind::Unary {
                        negate,
                        operand: Box::new(operand),
                    },
                    offset,
                })
            }
            Tok::Op("~") => Err(self.unsupported_at(offset, "the unary operator `~`")),
            _ => self.power(),
        };
        self.depth -= 1;
        result
    }

    pub(super) fn power(&mut self) -> Result<Expr, ConfigError> {
        let base = self.primary()?;
        if self.eat_op("**") {
            let exponent = self.factor()?;
            return Ok(binary(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }

    /// The first item of a list, which may be followed by `for`.
    pub(super) fn expression_or_comprehension_head(&mut self) -> Result<Expr, ConfigError> {
        let expr = self.sum()?;
        if self.is_name("for") {
            return Ok(expr);
        }
        // Re-run the trailing-operator checks of `expression`.
        let offset = self.offset();
        let what = match self.peek() {
            Tok::Name(n) if n == "if" => {
                Some("a conditional expression `x if cond else y`".to_owned())
            }
            Tok::Name(n) if matches!(n.as_str(), "and" | "or") => {
                Some(format!("the boolean operator `{n}`"))
            }
            Tok::Name(n) if matches!(n.as_str(), "in" | "is" | "not") => {
                Some(format!("the comparison `{n}`"))
            }
            Tok::Op(op) if matches!(*op, "==" | "!=" | "<" | ">" | "<=" | ">=") => {
                Some(format!("the comparison `{op}`"))
            }
            Tok::Op(op) if matches!(*op, "|" | "&" | "^" | "<<" | ">>" | "@") => {
                Some(format!("the binary operator `{op}`"))
            }
            _ => None,
        };
        match what {
            Some(what) => Err(self.unsupported_at(offset, what)),
            None => Ok(expr),
        }
    }
}

fn binary(op: BinOp, left: Expr, right: Expr) -> Expr {
    let offset = left.offset;
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        offset,
    }
}
