//! A recursive-descent parser for the Python subset of config files.
//!
//! A config is a sequence of statements: `target = expression` (the target a name, or an
//! attribute/subscript path from one; also `target op= expression`), `import copy`,
//! docstrings, `d.update(...)`/`d.merge(...)`/`l.append(x)`/`l.extend(xs)`, `for` loops with a
//! flat body, and new-style `with read_base(): from .base import *` and
//! `from module import Name` (a type reference, `'module.Name'`; nothing is imported). Expressions are Python's
//! pure expression language: literals and f-strings, names, `_base_.x` and `{{_base_.x}}`
//! references, lists, tuples and dicts with `*`/`**` unpacking, comprehensions, subscripts and
//! slices, every unary, binary, comparison and boolean operator, `x if c else y`, and calls of
//! the builtins in [`BUILTINS`](keywords::BUILTINS) and the helpers in [`HELPER_MODULES`]:
//!
//! ```text
//! _base_ = ['../_base_/models/resnet50.py']
//! bgr_mean = data_preprocessor['mean'][::-1]
//! model = dict(**_base_.model, head=dict(num_classes=len(classes), topk=(1, )))
//! ann_file = f'{data_root}/annotations/{split}.json'
//! label_map = {name: i for i, name in enumerate(classes)}
//! ```
//!
//! Everything else (definitions, lambdas, other imports, calls of anything else, format specs)
//! is rejected at the place it appears, naming the construct. Nesting is counted as the parser
//! descends, so no input can make it recurse past [`Limits::max_depth`](super::super::Limits).

mod atoms;
mod displays;
mod imports;
pub(crate) use imports::base_module_path;
mod keywords;
mod loops;
mod operators;
mod postfix;

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::source::{LineIndex, Position};
use super::ast::{BinOp, Expr, ExprKind, Module, Statement, describe};
use super::lexer::{Tok, Token};

pub(crate) use atoms::parse_base_path;
pub(crate) use keywords::KEYWORDS;
use keywords::{HELPER_MODULES, STATEMENT_KEYWORDS, UPDATING_METHODS};

/// Parses the tokens of `text` into a module.
pub(crate) fn parse(
    tokens: &[Token],
    text: &str,
    lines: &LineIndex,
    limits: &Limits,
) -> Result<Module, ConfigError> {
    let mut parser = Parser {
        tokens,
        text,
        lines,
        limits,
        pos: 0,
        depth: 0,
    };
    parser.module()
}

struct Parser<'a> {
    tokens: &'a [Token],
    text: &'a str,
    lines: &'a LineIndex,
    limits: &'a Limits,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        self.tokens.get(self.pos).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        self.tokens
            .get(self.pos + ahead)
            .map_or(&Tok::Eof, |t| &t.tok)
    }

    fn offset(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map_or(0, |t| t.offset)
    }

    fn bump(&mut self) -> Tok {
        let tok = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        tok
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn is_name(&self, name: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == name)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let found = self.is_op(op);
        if found {
            self.pos += 1;
        }
        found
    }

    fn position(&self, offset: usize) -> Position {
        self.lines.locate(self.text, offset)
    }

    fn error_at(&self, offset: usize, kind: ConfigErrorKind) -> ConfigError {
        ConfigError::at(kind, self.position(offset))
    }

    fn unsupported_at(&self, offset: usize, what: impl Into<String>) -> ConfigError {
        self.error_at(offset, ConfigErrorKind::Unsupported(what.into()))
    }

    fn unexpected(&self, expected: &str) -> ConfigError {
        let found = match self.peek() {
            Tok::Name(n) => format!("`{n}`"),
            Tok::Int(_) | Tok::Float(_) => "a number".to_owned(),
            Tok::Str(_) | Tok::FStr(_) => "a string".to_owned(),
            Tok::Op(op) => format!("`{op}`"),
            Tok::Indent => "an indented line".to_owned(),
            Tok::Newline => "the end of the line".to_owned(),
            Tok::Eof => "the end of the file".to_owned(),
        };
        self.error_at(
            self.offset(),
            ConfigErrorKind::Syntax(format!("expected {expected}, found {found}")),
        )
    }

    fn expect_op(&mut self, op: &str) -> Result<(), ConfigError> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{op}`")))
        }
    }

    /// Counts one level of nesting; every recursive path passes through here.
    fn enter(&mut self, offset: usize) -> Result<(), ConfigError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.error_at(
                offset,
                ConfigErrorKind::Limit {
                    what: "expression nesting depth",
                    limit: self.limits.max_depth,
                },
            ));
        }
        Ok(())
    }

    fn module(&mut self) -> Result<Module, ConfigError> {
        let mut body = Vec::new();
        loop {
            match self.peek() {
                Tok::Eof => return Ok(Module { body }),
                Tok::Newline => {
                    self.bump();
                }
                Tok::Op(";") => {
                    self.bump();
                }
                Tok::Indent => {
                    return Err(self.error_at(
                        self.offset(),
                        ConfigErrorKind::Syntax(
                            "unexpected indentation (a config is a sequence of top-level `name = value` statements)".into(),
                        ),
                    ));
                }
                Tok::Name(name) if name == "with" => body.extend(self.read_base()?),
                Tok::Name(name) if name == "for" => body.push(self.for_loop()?),
                _ => {
                    if let Some(statement) = self.statement()? {
                        body.push(statement);
                    }
                    if !(self.eat_op(";") || matches!(self.peek(), Tok::Newline | Tok::Eof)) {
                        return Err(self.unexpected("the end of the statement"));
                    }
                }
            }
        }
    }

    /// One statement: an assignment, `import` of a helper module, or a string (a docstring,
    /// which is ignored).
    fn statement(&mut self) -> Result<Option<Statement>, ConfigError> {
        let start = self.offset();
        if self.is_name("import") {
            return self.import().map(Some);
        }
        if self.is_name("from") {
            return self.import_from(false).map(Some);
        }
        if let Tok::Name(name) = self.peek()
            && let Some((_, what)) = STATEMENT_KEYWORDS.iter().find(|(kw, _)| kw == name)
        {
            // `match` is a soft keyword: `match = 1` is an assignment.
            if name != "match" || !matches!(self.peek_at(1), Tok::Op("=")) {
                return Err(self.unsupported_at(start, *what));
            }
        }
        let target = self.expression()?;
        if self.eat_op("=") {
            if !is_assignable(&target) {
                return Err(
                    self.unsupported_at(start, format!("assignment to {}", describe(&target.kind)))
                );
            }
            let value = self.assigned_value()?;
            if self.is_op("=") {
                return Err(
                    self.unsupported_at(self.offset(), "chained assignment `a = b = value`")
                );
            }
            return Ok(Some(Statement::Assign { target, value }));
        }
        if let Tok::Op(op) = self.peek() {
            let op = *op;
            if let Some(binary) = augmented(op) {
                return self.augmented_assignment(start, target, binary).map(Some);
            }
            if op.ends_with('=') && op.len() >= 2 && !matches!(op, "==" | "!=" | "<=" | ">=") {
                let what = if op == ":=" {
                    "an assignment expression `:=`".to_owned()
                } else {
                    format!("augmented assignment `{op}`")
                };
                return Err(self.unsupported_at(self.offset(), what));
            }
            if op == ":" {
                return Err(self.unsupported_at(self.offset(), "an annotated assignment"));
            }
            if op == "," {
                return Err(
                    self.unsupported_at(self.offset(), "assignment to several names at once")
                );
            }
        }
        if let ExprKind::Method { receiver, name, .. } = &target.kind
            && UPDATING_METHODS.contains(&name.as_str())
            && is_assignable(receiver)
        {
            let receiver = (**receiver).clone();
            return Ok(Some(Statement::Update {
                target: receiver,
                call: target,
            }));
        }
        match target.kind {
            ExprKind::Str(_) => Ok(None),
            _ => Err(self.unsupported_at(
                start,
                "an expression statement (a config may only assign `name = value`)",
            )),
        }
    }

    /// The value of an assignment: an expression, or a tuple without brackets (`x = a, b`;
    /// `x = dict(...),` is a tuple of one dict, as Python reads it).
    fn assigned_value(&mut self) -> Result<Expr, ConfigError> {
        let offset = self.offset();
        let first = self.item()?;
        if !self.is_op(",") {
            if matches!(first.kind, ExprKind::Starred(_)) {
                return Err(self.unsupported_at(offset, "a starred value outside a tuple"));
            }
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Op(";")) {
                break;
            }
            items.push(self.item()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            offset,
        })
    }

    /// `target op= value`, read as `target = target op value`: configs only hold values
    /// (no object is shared), so updating in place and rebinding give the same value.
    fn augmented_assignment(
        &mut self,
        start: usize,
        target: Expr,
        op: BinOp,
    ) -> Result<Statement, ConfigError> {
        if !is_assignable(&target) {
            let what = format!("augmented assignment to {}", describe(&target.kind));
            return Err(self.unsupported_at(start, what));
        }
        self.bump();
        let value = self.expression()?;
        let offset = target.offset;
        let kind = ExprKind::Binary(op, Box::new(target.clone()), Box::new(value));
        let value = Expr { kind, offset };
        Ok(Statement::Assign { target, value })
    }

    /// `import copy`: only the helper modules the reader implements.
    fn import(&mut self) -> Result<Statement, ConfigError> {
        let start = self.offset();
        self.bump();
        let module = match self.peek() {
            Tok::Name(name) if HELPER_MODULES.iter().any(|(m, _)| m == name) => name.clone(),
            _ => return Err(self.unsupported_at(start, "`import` statements")),
        };
        self.bump();
        if self.is_op(".") || self.is_op(",") || self.is_name("as") {
            return Err(self.unsupported_at(start, "`import` statements"));
        }
        Ok(Statement::Import { module })
    }
}

#[cfg(test)]
mod tests;

/// Whether `target` names what a statement may assign: a name, or an attribute or subscript
/// path starting at one.
/// The operator of an augmented assignment such as `*=`.
fn augmented(op: &str) -> Option<BinOp> {
    const OPS: [BinOp; 12] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
    ];
    let symbol = op.strip_suffix('=')?;
    OPS.into_iter().find(|binary| binary.symbol() == symbol)
}

fn is_assignable(target: &Expr) -> bool {
    let mut current = target;
    loop {
        match &current.kind {
            ExprKind::Name(_) => return true,
            ExprKind::Attribute(inner, _) | ExprKind::Index(inner, _) => current = inner,
            _ => return false,
        }
    }
}
