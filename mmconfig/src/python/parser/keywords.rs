//! Python's reserved words, and what to call those that configs may not use.

/// Builtin functions a config may call.
pub(crate) const BUILTINS: &[&str] = &[
    "dict",
    "list",
    "tuple",
    "round",
    "int",
    "float",
    "abs",
    "str",
    "len",
    "range",
    "min",
    "max",
    "sum",
    "sorted",
    "zip",
    "enumerate",
    "bool",
];

/// Modules a config may `import`: helpers the reader implements itself, with their functions.
/// Methods a config may call on its values: `copy()` and `str.format(...)` make a new value; `update(...)` and
/// `merge(...)` (mmengine's `ConfigDict`), `append(...)` and `extend(...)` are statements
/// that change a config dict or list.
pub(crate) const METHODS: &[&str] = &["copy", "format", "update", "merge", "append", "extend"];

/// The methods of [`METHODS`] that change their dict or list, used as statements.
pub(crate) const UPDATING_METHODS: &[&str] = &["update", "merge", "append", "extend"];

pub(crate) const HELPER_MODULES: &[(&str, &[&str])] = &[("copy", &["deepcopy", "copy"])];

/// Python keywords that start statements configs may not contain, and what to call them.
pub(super) const STATEMENT_KEYWORDS: &[(&str, &str)] = &[
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
pub(super) const EXPRESSION_KEYWORDS: &[(&str, &str)] = &[
    ("lambda", "a lambda expression"),
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
