//! Operators by Python's precedence, loosest first: `x if c else y`, `or`, `and`, `not`,
//! comparisons, `|`, `^`, `&`, shifts, `+ -`, `* / // %`, unary signs and `~`, then `**`.

use super::super::super::error::ConfigError;
use super::super::ast::{BinOp, CmpOp, Expr, ExprKind, UnaryOp};
use super::super::lexer::Tok;
use super::Parser;

type Result<T> = std::result::Result<T, ConfigError>;

/// The left-associative binary levels, loosest first.
const LEVELS: &[&[(&str, BinOp)]] = &[
    &[("|", BinOp::BitOr)],
    &[("^", BinOp::BitXor)],
    &[("&", BinOp::BitAnd)],
    &[("<<", BinOp::LShift), (">>", BinOp::RShift)],
    &[("+", BinOp::Add), ("-", BinOp::Sub)],
    &[
        ("*", BinOp::Mul),
        ("/", BinOp::Div),
        ("//", BinOp::FloorDiv),
        ("%", BinOp::Mod),
    ],
];

impl Parser<'_> {
    /// A full expression, conditional expressions included.
    pub(super) fn expression(&mut self) -> Result<Expr> {
        let offset = self.offset();
        let then = self.or_test()?;
        if !self.is_name("if") {
            return Ok(then);
        }
        // Only a conditional nests here, so only it counts a level.
        self.enter(offset)?;
        let result = {
            self.bump();
            let cond = self.or_test()?;
            if !self.is_name("else") {
                return Err(self.unexpected("`else`"));
            }
            self.bump();
            let other = self.expression()?;
            Expr {
                kind: ExprKind::IfElse {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    other: Box::new(other),
                },
                offset,
            }
        };
        self.depth -= 1;
        Ok(result)
    }

    /// `a or b or ...` (also what a comprehension's `in` and `if` take).
    pub(super) fn or_test(&mut self) -> Result<Expr> {
        self.bool_level(false)
    }

    fn bool_level(&mut self, and: bool) -> Result<Expr> {
        let saved = self.depth;
        let word = if and { "and" } else { "or" };
        let mut left = if and {
            self.not_test()?
        } else {
            self.bool_level(true)?
        };
        while self.is_name(word) {
            self.enter(self.offset())?;
            self.bump();
            let right = if and {
                self.not_test()?
            } else {
                self.bool_level(true)?
            };
            let offset = left.offset;
            left = Expr {
                kind: ExprKind::BoolOp {
                    and,
                    left: Box::new(left),
                    right: Box::new(right),
                },
                offset,
            };
        }
        self.depth = saved;
        Ok(left)
    }

    fn not_test(&mut self) -> Result<Expr> {
        if !self.is_name("not") {
            return self.comparison();
        }
        let offset = self.offset();
        self.enter(offset)?;
        self.bump();
        let operand = self.not_test()?;
        self.depth -= 1;
        Ok(Expr {
            kind: ExprKind::Unary(UnaryOp::Not, Box::new(operand)),
            offset,
        })
    }

    fn comparison(&mut self) -> Result<Expr> {
        let first = self.binary_level(0)?;
        let mut rest = Vec::new();
        while let Some(op) = self.comparison_operator() {
            self.enter(self.offset())?;
            rest.push((op, self.binary_level(0)?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        self.depth -= rest.len();
        let offset = first.offset;
        Ok(Expr {
            kind: ExprKind::Compare(Box::new(first), rest),
            offset,
        })
    }

    /// Consumes a comparison operator, if one comes next.
    fn comparison_operator(&mut self) -> Option<CmpOp> {
        let (op, len) = match (self.peek(), self.peek_at(1)) {
            (Tok::Op("=="), _) => (CmpOp::Eq, 1),
            (Tok::Op("!="), _) => (CmpOp::NotEq, 1),
            (Tok::Op("<"), _) => (CmpOp::Lt, 1),
            (Tok::Op("<="), _) => (CmpOp::LtE, 1),
            (Tok::Op(">"), _) => (CmpOp::Gt, 1),
            (Tok::Op(">="), _) => (CmpOp::GtE, 1),
            (Tok::Name(n), _) if n == "in" => (CmpOp::In, 1),
            (Tok::Name(n), Tok::Name(m)) if n == "not" && m == "in" => (CmpOp::NotIn, 2),
            (Tok::Name(n), Tok::Name(m)) if n == "is" && m == "not" => (CmpOp::IsNot, 2),
            (Tok::Name(n), _) if n == "is" => (CmpOp::Is, 1),
            _ => return None,
        };
        self.pos += len;
        Some(op)
    }

    /// The binary operators of `LEVELS[level]` and tighter.
    fn binary_level(&mut self, level: usize) -> Result<Expr> {
        let Some(ops) = LEVELS.get(level) else {
            return self.factor();
        };
        let saved = self.depth;
        let mut left = self.binary_level(level + 1)?;
        loop {
            let offset = self.offset();
            if self.is_op("@") {
                return Err(self.unsupported_at(offset, "the binary operator `@`"));
            }
            let Some(op) = ops
                .iter()
                .find_map(|(symbol, op)| self.is_op(symbol).then_some(*op))
            else {
                break;
            };
            self.enter(offset)?;
            self.bump();
            let right = self.binary_level(level + 1)?;
            left = binary(op, left, right);
        }
        self.depth = saved;
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr> {
        let offset = self.offset();
        self.enter(offset)?;
        let op = match self.peek() {
            Tok::Op("-") => Some(UnaryOp::Neg),
            Tok::Op("+") => Some(UnaryOp::Pos),
            Tok::Op("~") => Some(UnaryOp::Invert),
            _ => None,
        };
        let result = match op {
            Some(op) => {
                self.bump();
                let operand = self.factor()?;
                Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(operand)),
                    offset,
                })
            }
            None => self.power(),
        };
        self.depth -= 1;
        result
    }

    fn power(&mut self) -> Result<Expr> {
        let base = self.primary()?;
        if self.eat_op("**") {
            let exponent = self.factor()?;
            return Ok(binary(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }
}

fn binary(op: BinOp, left: Expr, right: Expr) -> Expr {
    let offset = left.offset;
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        offset,
    }
}
