//! A recursive-descent parser for the Python subset of config files.
//!
//! A config is a sequence of `name = expression` statements (plus docstrings). Expressions are
//! literals, names, `dict(...)` and a few other builtin calls, `{...}` dicts, lists, tuples,
//! subscripts and slices, `_base_.x` and `{{_base_.x}}` references, numeric arithmetic and
//! list comprehensions:
//!
//! ```text
//! _base_ = ['../_base_/models/resnet50.py']
//! bgr_mean = data_preprocessor['mean'][::-1]
//! model = dict(head=dict(num_classes=10, topk=(1, )))
//! pad_val = [round(x) for x in bgr_mean]
//! ```
//!
//! Everything else is rejected at the place it appears, naming the construct. Nesting is
//! counted as the parser descends, so no input can make it recurse past
//! [`Limits::max_depth`](super::super::Limits).

use super::super::error::{ConfigError, ConfigErrorKind};
use super::super::limits::Limits;
use super::super::source::{LineIndex, Position};
use super::lexer::{Tok, Token};

/// Builtin functions a config may call.
pub(crate) const BUILTINS: &[&str] = &["dict", "list", "tuple", "round", "int", "float", "abs"];

/// A parsed config file: its assignments in order.
#[derive(Debug)]
pub(crate) struct Module {
    pub(crate) body: Vec<Assign>,
}

/// `target = value`.
#[derive(Debug)]
pub(crate) struct Assign {
    pub(crate) target: String,
    pub(crate) value: Expr,
}

/// An expression and the byte offset where it starts.
#[derive(Debug)]
pub(crate) struct Expr {
    pub(crate) kind: ExprKind,
    pub(crate) offset: usize,
}

/// Binary arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
}

impl BinOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
        }
    }
}

/// The kinds of expression.
#[derive(Debug)]
pub(crate) enum ExprKind {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
    Name(String),
    /// `{{_base_.a.b}}`: the dotted path after `_base_.`.
    BaseRef(Vec<String>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    /// A call of one of [`BUILTINS`].
    Call {
        func: String,
        args: Vec<Expr>,
        kwargs: Vec<(String, Expr)>,
    },
    /// `value.name`.
    Attribute(Box<Expr>, String),
    /// `value[index]`.
    Index(Box<Expr>, Box<Expr>),
    /// `value[start:stop:step]`.
    Slice {
        value: Box<Expr>,
        start: Option<Box<Expr>>,
        stop: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// `-x` (`negate`) or `+x`.
    Unary {
        negate: bool,
        operand: Box<Expr>,
    },
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `[element for var in iter]`.
    ListComp {
        element: Box<Expr>,
        var: String,
        iter: Box<Expr>,
    },
}

/// Python keywords that start statements configs may not contain, and what to call them.
const STATEMENT_KEYWORDS: &[(&str, &str)] = &[
    ("import", "`import` statements"),
    ("from", "`from ... import` statements"),
    ("def", "a function definition"),
    ("class", "a class definition"),
    ("if", "`if` statements"),
    ("elif", "`elif` statements"),
    ("else", "`else` blocks"),
    ("for", "`for` loops"),
    ("while", "`while` loops"),
    ("with", "`with` statements"),
    ("try", "`try` statements"),
    ("except", "`except` blocks"),
    ("finally", "`finally` blocks"),
    ("return", "`return` statements"),
    ("del", "`del` statements"),
    ("global", "`global` statements"),
    ("nonlocal", "`nonlocal` statements"),
    ("assert", "`assert` statements"),
    ("raise", "`raise` statements"),
    ("pass", "`pass` statements"),
    ("break", "`break` statements"),
    ("continue", "`continue` statements"),
    ("async", "`async` code"),
    ("match", "`match` statements"),
];

/// Keywords that may not appear where a value is expected, and what to call them.
const EXPRESSION_KEYWORDS: &[(&str, &str)] = &[
    ("lambda", "a lambda expression"),
    ("not", "the `not` operator"),
    ("await", "an `await` expression"),
    ("yield", "a `yield` expression"),
];

/// All reserved words of Python; none may be assigned or used as a name.
pub(crate) const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

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
            Tok::Str(_) => "a string".to_owned(),
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
                _ => {
                    if let Some(assign) = self.statement()? {
                        body.push(assign);
                    }
                    if !(self.eat_op(";") || matches!(self.peek(), Tok::Newline | Tok::Eof)) {
                        return Err(self.unexpected("the end of the statement"));
                    }
                }
            }
        }
    }

    /// One statement: an assignment, or a string (a docstring, which is ignored).
    fn statement(&mut self) -> Result<Option<Assign>, ConfigError> {
        let start = self.offset();
        if let Tok::Name(name) = self.peek()
            && let Some((_, what)) = STATEMENT_KEYWORDS.iter().find(|(kw, _)| kw == name)
        {
            // `match` is a soft keyword: `match = 1` is an assignment.
            if name != "match" || !matches!(self.peek_at(1), Tok::Op("=")) {
                return Err(self.unsupported_at(start, *what));
            }
        }
        let target = self.expression()?;
        if let Tok::Op(op) = self.peek() {
            let op = *op;
            if op == "=" {
                self.bump();
                let ExprKind::Name(name) = target.kind else {
                    return Err(self.unsupported_at(
                        start,
                        format!("assignment to {}", describe(&target.kind)),
                    ));
                };
                let value = self.expression()?;
                if self.is_op("=") {
                    return Err(
                        self.unsupported_at(self.offset(), "chained assignment `a = b = value`")
                    );
                }
                return Ok(Some(Assign {
                    target: name,
                    value,
                }));
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
        match target.kind {
            ExprKind::Str(_) => Ok(None),
            _ => Err(self.unsupported_at(
                start,
                "an expression statement (a config may only assign `name = value`)",
            )),
        }
    }

    /// An expression: arithmetic, then a check for operators configs may not use.
    fn expression(&mut self) -> Result<Expr, ConfigError> {
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

    fn sum(&mut self) -> Result<Expr, ConfigError> {
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

    fn term(&mut self) -> Result<Expr, ConfigError> {
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

    fn factor(&mut self) -> Result<Expr, ConfigError> {
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

    fn power(&mut self) -> Result<Expr, ConfigError> {
        let base = self.primary()?;
        if self.eat_op("**") {
            let exponent = self.factor()?;
            return Ok(binary(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }

    /// An atom followed by any number of calls, subscripts and attributes.
    fn primary(&mut self) -> Result<Expr, ConfigError> {
        let saved = self.depth;
        let mut expr = self.atom()?;
        loop {
            let offset = self.offset();
            if self.is_op("(") {
                self.enter(offset)?;
                expr = self.call(expr)?;
            } else if self.is_op("[") {
                self.enter(offset)?;
                self.bump();
                expr = self.subscript(expr)?;
            } else if self.is_op(".") {
                self.enter(offset)?;
                self.bump();
                let Tok::Name(name) = self.bump() else {
                    return Err(self.unexpected("an attribute name after `.`"));
                };
                let start = expr.offset;
                expr = Expr {
                    kind: ExprKind::Attribute(Box::new(expr), name),
                    offset: start,
                };
            } else {
                break;
            }
        }
        self.depth = saved;
        Ok(expr)
    }

    fn call(&mut self, callee: Expr) -> Result<Expr, ConfigError> {
        let offset = callee.offset;
        let func = match callee.kind {
            ExprKind::Name(name) if BUILTINS.contains(&name.as_str()) => name,
            ExprKind::Name(name) => {
                return Err(self.unsupported_at(offset, format!("a call to `{name}(...)`")));
            }
            ExprKind::Attribute(..) => {
                let dotted = self
                    .text
                    .get(offset..self.offset())
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                return Err(
                    self.unsupported_at(offset, format!("an attribute call `{dotted}(...)`"))
                );
            }
            other => {
                return Err(self.unsupported_at(offset, format!("a call of {}", describe(&other))));
            }
        };
        self.expect_op("(")?;
        let mut args = Vec::new();
        let mut kwargs: Vec<(String, Expr)> = Vec::new();
        while !self.is_op(")") {
            let arg_offset = self.offset();
            if self.is_op("*") || self.is_op("**") {
                return Err(self.unsupported_at(arg_offset, "argument unpacking `*`/`**`"));
            }
            if let (Tok::Name(name), Tok::Op("=")) = (self.peek(), self.peek_at(1)) {
                let name = name.clone();
                if kwargs.iter().any(|(k, _)| *k == name) {
                    return Err(self.error_at(
                        arg_offset,
                        ConfigErrorKind::Syntax(format!("keyword argument `{name}` repeated")),
                    ));
                }
                self.bump();
                self.bump();
                let value = self.expression()?;
                kwargs.push((name, value));
            } else {
                if !kwargs.is_empty() {
                    return Err(self.error_at(
                        arg_offset,
                        ConfigErrorKind::Syntax(
                            "positional argument follows keyword argument".into(),
                        ),
                    ));
                }
                args.push(self.expression()?);
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok(Expr {
            kind: ExprKind::Call { func, args, kwargs },
            offset,
        })
    }

    /// After `[`: an index or a slice, up to `]`.
    fn subscript(&mut self, value: Expr) -> Result<Expr, ConfigError> {
        let offset = value.offset;
        let start = self.optional_slice_part()?;
        if !self.is_op(":") {
            let Some(index) = start else {
                return Err(self.unexpected("an index"));
            };
            if self.is_op(",") {
                return Err(self.unsupported_at(self.offset(), "a subscript with several indices"));
            }
            self.expect_op("]")?;
            return Ok(Expr {
                kind: ExprKind::Index(Box::new(value), index),
                offset,
            });
        }
        self.bump();
        let stop = self.optional_slice_part()?;
        let step = if self.eat_op(":") {
            self.optional_slice_part()?
        } else {
            None
        };
        self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::Slice {
                value: Box::new(value),
                start,
                stop,
                step,
            },
            offset,
        })
    }

    fn optional_slice_part(&mut self) -> Result<Option<Box<Expr>>, ConfigError> {
        if self.is_op(":") || self.is_op("]") {
            return Ok(None);
        }
        Ok(Some(Box::new(self.expression()?)))
    }

    fn atom(&mut self) -> Result<Expr, ConfigError> {
        let offset = self.offset();
        let kind = match self.peek().clone() {
            Tok::Int(i) => {
                self.bump();
                ExprKind::Int(i)
            }
            Tok::Float(x) => {
                self.bump();
                ExprKind::Float(x)
            }
            Tok::Str(_) => {
                let mut text = String::new();
                while let Tok::Str(part) = self.peek() {
                    if text.len() + part.len() > self.limits.max_string_len {
                        return Err(self.error_at(
                            offset,
                            ConfigErrorKind::Limit {
                                what: "string length",
                                limit: self.limits.max_string_len,
                            },
                        ));
                    }
                    text.push_str(part);
                    self.bump();
                }
                ExprKind::Str(text)
            }
            Tok::Name(name) => {
                if let Some((_, what)) = EXPRESSION_KEYWORDS.iter().find(|(kw, _)| *kw == name) {
                    return Err(self.unsupported_at(offset, *what));
                }
                self.bump();
                match name.as_str() {
                    "True" => ExprKind::Bool(true),
                    "False" => ExprKind::Bool(false),
                    "None" => ExprKind::None,
                    _ if KEYWORDS.contains(&name.as_str()) => {
                        self.pos -= 1;
                        return Err(self.unexpected("a value"));
                    }
                    _ => ExprKind::Name(name),
                }
            }
            Tok::Op("(") => {
                self.bump();
                return self.parenthesized(offset);
            }
            Tok::Op("[") => {
                self.bump();
                return self.list(offset);
            }
            Tok::Op("{") => {
                self.bump();
                if self.is_op("{") {
                    return self.base_reference(offset);
                }
                return self.dict(offset);
            }
            Tok::Op("*") | Tok::Op("**") => {
                return Err(self.unsupported_at(offset, "unpacking with `*`/`**`"));
            }
            Tok::Op("...") => return Err(self.unsupported_at(offset, "the `...` literal")),
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Expr { kind, offset })
    }

    /// After `(`: a parenthesized expression, or a tuple.
    fn parenthesized(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        if self.eat_op(")") {
            return Ok(Expr {
                kind: ExprKind::Tuple(Vec::new()),
                offset,
            });
        }
        let first = self.expression()?;
        if self.eat_op(")") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(")") {
                break;
            }
            items.push(self.expression()?);
        }
        self.expect_op(")")?;
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            offset,
        })
    }

    /// After `[`: a list or a list comprehension.
    fn list(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        if self.eat_op("]") {
            return Ok(Expr {
                kind: ExprKind::List(Vec::new()),
                offset,
            });
        }
        let first = self.expression_or_comprehension_head()?;
        if self.is_name("for") {
            return self.comprehension(first, offset);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.expression()?);
        }
        self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::List(items),
            offset,
        })
    }

    /// The first item of a list, which may be followed by `for`.
    fn expression_or_comprehension_head(&mut self) -> Result<Expr, ConfigError> {
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

    /// After `[element`, at `for`: `for name in iterable]`.
    fn comprehension(&mut self, element: Expr, offset: usize) -> Result<Expr, ConfigError> {
        self.bump();
        let var = match self.bump() {
            Tok::Name(name) if !KEYWORDS.contains(&name.as_str()) => name,
            _ => {
                self.pos -= 1;
                return Err(self.unsupported_at(
                    self.offset(),
                    "a comprehension target other than a single name",
                ));
            }
        };
        if !self.is_name("in") {
            if self.is_op(",") {
                return Err(self.unsupported_at(
                    self.offset(),
                    "a comprehension target other than a single name",
                ));
            }
            return Err(self.unexpected("`in`"));
        }
        self.bump();
        let iter = self.sum()?;
        if self.is_name("if") {
            return Err(self.unsupported_at(self.offset(), "a comprehension filter `if`"));
        }
        if self.is_name("for") {
            return Err(
                self.unsupported_at(self.offset(), "a nested comprehension `for ... for ...`")
            );
        }
        self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::ListComp {
                element: Box::new(element),
                var,
                iter: Box::new(iter),
            },
            offset,
        })
    }

    /// After `{`: a dict literal.
    fn dict(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        let mut entries = Vec::new();
        while !self.is_op("}") {
            if self.is_op("**") {
                return Err(self.unsupported_at(self.offset(), "dict unpacking `**`"));
            }
            let key = self.expression()?;
            if self.is_op(",") || self.is_op("}") {
                return Err(self.unsupported_at(offset, "a set literal"));
            }
            if self.is_name("for") {
                return Err(self.unsupported_at(self.offset(), "a set comprehension"));
            }
            self.expect_op(":")?;
            let value = self.expression()?;
            if self.is_name("for") {
                return Err(self.unsupported_at(self.offset(), "a dict comprehension"));
            }
            entries.push((key, value));
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op("}")?;
        Ok(Expr {
            kind: ExprKind::Dict(entries),
            offset,
        })
    }

    /// After the first `{` of `{{_base_.a.b}}`.
    fn base_reference(&mut self, offset: usize) -> Result<Expr, ConfigError> {
        self.bump();
        let inner_start = self.offset();
        while !(self.is_op("}") && matches!(self.peek_at(1), Tok::Op("}"))) {
            if matches!(self.peek(), Tok::Eof | Tok::Newline) {
                return Err(self.unexpected("`}}`"));
            }
            self.bump();
        }
        let inner = self
            .text
            .get(inner_start..self.offset())
            .unwrap_or("")
            .trim();
        self.bump();
        self.bump();
        match parse_base_path(inner) {
            Some(path) => Ok(Expr {
                kind: ExprKind::BaseRef(path),
                offset,
            }),
            None => Err(self.unsupported_at(
                offset,
                format!("a template other than `{{{{_base_.key}}}}` (`{{{{{inner}}}}}`)"),
            )),
        }
    }
}

/// The path of a `{{_base_.a.b}}` reference, given the text between the braces.
pub(crate) fn parse_base_path(inner: &str) -> Option<Vec<String>> {
    let path = inner.trim().strip_prefix("_base_.")?;
    let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
    let valid = parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c == '_' || c.is_alphanumeric()));
    valid.then_some(parts)
}

fn binary(op: BinOp, left: Expr, right: Expr) -> Expr {
    let offset = left.offset;
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        offset,
    }
}

/// What an expression is, for "assignment to …" and "a call of …" messages.
fn describe(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Index(..) | ExprKind::Slice { .. } => "a subscript",
        ExprKind::Attribute(..) => "an attribute",
        ExprKind::Call { .. } => "a call",
        ExprKind::Tuple(_) | ExprKind::List(_) => "several names",
        _ => "a literal or expression",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::super::super::stack::with_stack;
    use super::super::lexer::tokenize;
    use super::*;

    fn parse_text(text: &str) -> Result<Module, String> {
        let lines = LineIndex::new(Arc::from(Path::new("t.py")), text);
        let limits = Limits::default();
        let tokens = tokenize(text, &lines, &limits).map_err(|e| e.to_string())?;
        with_stack(&limits, || parse(&tokens, text, &lines, &limits)).map_err(|e| e.to_string())
    }

    fn error(text: &str) -> String {
        parse_text(text).unwrap_err()
    }

    #[test]
    fn parses_assignments_and_skips_docstrings() {
        let module =
            parse_text("'''doc'''\na = 1; b = dict(x=[1, 2], y=(3,))\nc = {'k': a}[\"k\"]\n")
                .unwrap();
        let targets: Vec<_> = module.body.iter().map(|a| a.target.as_str()).collect();
        assert_eq!(targets, ["a", "b", "c"]);
    }

    #[test]
    fn parses_slices_comprehensions_and_base_references() {
        let module = parse_text(
            "m = x['mean'][::-1]\np = [round(v) for v in m]\nq = {{ _base_.model.head }}\n",
        )
        .unwrap();
        assert!(matches!(
            module.body[0].value.kind,
            ExprKind::Slice {
                start: None,
                stop: None,
                step: Some(_),
                ..
            }
        ));
        assert!(matches!(
            module.body[1].value.kind,
            ExprKind::ListComp { .. }
        ));
        match &module.body[2].value.kind {
            ExprKind::BaseRef(path) => assert_eq!(path, &["model", "head"]),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn statements_outside_the_subset_name_the_construct() {
        let suffix = " cannot be used in a config file (configs are read as data, never run)";
        let cases = [
            ("import os", "t.py:1:1: `import` statements"),
            (
                "from os import path",
                "t.py:1:1: `from ... import` statements",
            ),
            ("def f():\n    pass", "t.py:1:1: a function definition"),
            ("class A: pass", "t.py:1:1: a class definition"),
            ("x = lambda: 1", "t.py:1:5: a lambda expression"),
            (
                "x = np.array([1])",
                "t.py:1:5: an attribute call `np.array(...)`",
            ),
            ("x = print(1)", "t.py:1:5: a call to `print(...)`"),
            (
                "x = 1 if a else 2",
                "t.py:1:7: a conditional expression `x if cond else y`",
            ),
            ("x = a == b", "t.py:1:7: the comparison `==`"),
            ("x = a | b", "t.py:1:7: the binary operator `|`"),
            ("x = a and b", "t.py:1:7: the boolean operator `and`"),
            ("x += 1", "t.py:1:3: augmented assignment `+=`"),
            ("x = y = 1", "t.py:1:7: chained assignment `a = b = value`"),
            (
                "a, b = 1, 2",
                "t.py:1:2: assignment to several names at once",
            ),
            ("x['a'] = 1", "t.py:1:1: assignment to a subscript"),
            ("x.a = 1", "t.py:1:1: assignment to an attribute"),
            ("print(1)", "t.py:1:1: a call to `print(...)`"),
            ("x = dict(**y)", "t.py:1:10: argument unpacking `*`/`**`"),
            ("x = {**y}", "t.py:1:6: dict unpacking `**`"),
            ("x = {1, 2}", "t.py:1:5: a set literal"),
            (
                "x = [v for v in y if v]",
                "t.py:1:19: a comprehension filter `if`",
            ),
            (
                "x = {{ fileDirname }}",
                "t.py:1:5: a template other than `{{_base_.key}}` (`{{fileDirname}}`)",
            ),
            ("x: int = 1", "t.py:1:2: an annotated assignment"),
            ("x = not y", "t.py:1:5: the `not` operator"),
            ("x = ~1", "t.py:1:5: the unary operator `~`"),
        ];
        for (text, expected) in cases {
            assert_eq!(error(text), format!("{expected}{suffix}"), "for {text:?}");
        }
    }

    #[test]
    fn syntax_errors_name_what_was_expected() {
        assert_eq!(
            error("x = "),
            "t.py:1:5: syntax error: expected a value, found the end of the line"
        );
        assert_eq!(
            error("x = dict(a=1, a=2)"),
            "t.py:1:15: syntax error: keyword argument `a` repeated"
        );
        assert_eq!(
            error("x = 1 2"),
            "t.py:1:7: syntax error: expected the end of the statement, found a number"
        );
        assert!(
            error("None = 1")
                .starts_with("t.py:1:1: assignment to a literal or expression cannot be used")
        );
        assert_eq!(
            error("lambda = 1"),
            "t.py:1:1: a lambda expression cannot be used in a config file (configs are read as data, never run)"
        );
        assert_eq!(
            error("a = 1\n  b = 2"),
            "t.py:2:3: syntax error: unexpected indentation (a config is a sequence of top-level `name = value` statements)"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("x = {}1{}", "(-".repeat(150), ")".repeat(150));
        assert!(error(&deep).contains("expression nesting depth exceeds the limit of 200"));
        let unary = format!("x = {}1", "-".repeat(500));
        assert!(error(&unary).contains("expression nesting depth exceeds the limit of 200"));
        let chain = format!("x = 1{}", " + 1".repeat(500));
        assert!(error(&chain).contains("expression nesting depth exceeds the limit of 200"));
        let subscripts = format!("x = y{}", "[0]".repeat(500));
        assert!(error(&subscripts).contains("expression nesting depth exceeds the limit of 200"));
    }
}
