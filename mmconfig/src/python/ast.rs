//! The syntax tree of a Python config: assignments of expressions.

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

/// What an expression is, for "assignment to …" and "a call of …" messages.
pub(crate) fn describe(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Index(..) | ExprKind::Slice { .. } => "a subscript",
        ExprKind::Attribute(..) => "an attribute",
        ExprKind::Call { .. } => "a call",
        ExprKind::Tuple(_) | ExprKind::List(_) => "several names",
        _ => "a literal or expression",
    }
}
