//! The syntax tree of a Python config: assignments of expressions.

/// A parsed config file: its statements in order.
#[derive(Clone, Debug)]
pub(crate) struct Module {
    pub(crate) body: Vec<Statement>,
}

/// A statement of a config.
#[derive(Clone, Debug)]
pub(crate) enum Statement {
    /// `target = value`; the target is a name, or an attribute or subscript of one
    /// (`model.backbone.depth = 101`, `pipeline[2]['scale'] = (640, 640)`).
    Assign { target: Expr, value: Expr },
    /// `target.update(...)` or `target.merge(...)` (`call`, an [`ExprKind::Method`]) on a
    /// config dict, as mmengine's `ConfigDict` does: `target` is set to the changed dict.
    Update { target: Expr, call: Expr },
    /// `for target in iter:` with a flat body, run once per item; the loop's names stay
    /// assigned after it, as in Python.
    For {
        target: Target,
        iter: Expr,
        body: Vec<Statement>,
        offset: usize,
    },
    /// `import copy`: one of the helper modules the reader implements itself.
    Import { module: String },
    /// `from .base import *` inside `with read_base():`: the module (leading dots kept) is a
    /// base file whose variables this file starts from.
    ReadBase { module: String, offset: usize },
    /// `from module import Name as bound`: each bound name is a type reference
    /// `module.Name`, never imported.
    ImportNames {
        module: String,
        names: Vec<(String, String)>,
        offset: usize,
    },
}

impl Statement {
    /// The name a plain `name = value` assigns.
    pub(crate) fn assigned_name(&self) -> Option<&str> {
        match self {
            Statement::Assign {
                target:
                    Expr {
                        kind: ExprKind::Name(name),
                        ..
                    },
                ..
            } => Some(name),
            _ => None,
        }
    }
}

/// An expression and the byte offset where it starts.
#[derive(Clone, Debug)]
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
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
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
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }
}

/// The kinds of expression.
#[derive(Clone, Debug)]
pub(crate) enum ExprKind {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
    Name(String),
    /// `{{_base_.a.b}}`: the dotted path after `_base_.`.
    BaseRef(Vec<String>),
    /// Items may be [`ExprKind::Starred`].
    List(Vec<Expr>),
    /// Items may be [`ExprKind::Starred`].
    Tuple(Vec<Expr>),
    /// `*value` in a list, a tuple or a call's arguments.
    Starred(Box<Expr>),
    Dict(Vec<DictItem>),
    /// `f'...'`: its literal text and the values it formats.
    FString(Vec<FPart>),
    /// A call of one of the parser's `BUILTINS` or of a helper such as
    /// `copy.deepcopy` (then `func` is the dotted name).
    Call {
        func: String,
        args: Vec<Expr>,
        kwargs: Vec<Keyword>,
    },
    /// `value.name(...)`: one of the parser's `METHODS` on a config value (`d.copy()`, and
    /// as statements `d.update(...)`, `d.merge(...)`).
    Method {
        receiver: Box<Expr>,
        name: String,
        args: Vec<Expr>,
        kwargs: Vec<Keyword>,
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
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a < b <= c`: the first operand, then each comparison.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// `left and right` (`and` is true) or `left or right`.
    BoolOp {
        and: bool,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `then if cond else other`.
    IfElse {
        cond: Box<Expr>,
        then: Box<Expr>,
        other: Box<Expr>,
    },
    /// `[element for ...]`, or `{key: element for ...}` when `key` is given; generator
    /// expressions read as lists.
    Comprehension {
        key: Option<Box<Expr>>,
        element: Box<Expr>,
        clauses: Vec<Clause>,
    },
}

/// An entry of a dict display.
#[derive(Clone, Debug)]
pub(crate) enum DictItem {
    /// `key: value`.
    Pair(Expr, Expr),
    /// `**mapping`.
    Unpack(Expr),
}

/// A keyword argument `name=value`, or `**mapping` when `name` is `None`.
#[derive(Clone, Debug)]
pub(crate) struct Keyword {
    pub(crate) name: Option<String>,
    pub(crate) value: Expr,
}

/// A piece of an f-string.
#[derive(Clone, Debug)]
pub(crate) enum FPart {
    Text(String),
    /// `{value}`, `{value!s}` or `{value!r}`.
    Value {
        value: Expr,
        repr: bool,
    },
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

impl UnaryOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
            UnaryOp::Not => "not",
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

/// `for target in iter if cond ...` in a comprehension.
#[derive(Clone, Debug)]
pub(crate) struct Clause {
    pub(crate) target: Target,
    pub(crate) iter: Expr,
    pub(crate) conditions: Vec<Expr>,
}

/// What a comprehension's `for` binds: a name, or names unpacked from each item.
#[derive(Clone, Debug)]
pub(crate) enum Target {
    Name(String),
    Tuple(Vec<Target>),
}

/// What an expression is, for "assignment to …" and "a call of …" messages.
pub(crate) fn describe(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Index(..) | ExprKind::Slice { .. } => "a subscript",
        ExprKind::Attribute(..) => "an attribute",
        ExprKind::Call { .. } | ExprKind::Method { .. } => "a call",
        ExprKind::Tuple(_) | ExprKind::List(_) => "several names",
        _ => "a literal or expression",
    }
}
