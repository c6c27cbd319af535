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

fn value(module: &Module, i: usize) -> &Expr {
    match &module.body[i] {
        Statement::Assign { value, .. } => value,
        other => panic!("not an assignment: {other:?}"),
    }
}

fn error(text: &str) -> String {
    parse_text(text).unwrap_err()
}

#[test]
fn parses_assignments_and_skips_docstrings() {
    let module =
        parse_text("'''doc'''\na = 1; b = dict(x=[1, 2], y=(3,))\nc = {'k': a}[\"k\"]\n").unwrap();
    let targets: Vec<_> = module
        .body
        .iter()
        .filter_map(Statement::assigned_name)
        .collect();
    assert_eq!(targets, ["a", "b", "c"]);
}

#[test]
fn parses_slices_comprehensions_and_base_references() {
    let module =
        parse_text("m = x['mean'][::-1]\np = [round(v) for v in m]\nq = {{ _base_.model.head }}\n")
            .unwrap();
    assert!(matches!(
        value(&module, 0).kind,
        ExprKind::Slice {
            start: None,
            stop: None,
            step: Some(_),
            ..
        }
    ));
    assert!(matches!(
        value(&module, 1).kind,
        ExprKind::Comprehension { .. }
    ));
    match &value(&module, 2).kind {
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
            "from os import *",
            "t.py:1:1: `from os import *` outside `with read_base():` (importing a module runs its code)",
        ),
        (
            "with read_base():\n    x = 1\n",
            "t.py:2:5: anything but `from .base import *` inside `with read_base():`",
        ),
        (
            "with open('f') as f:\n    pass\n",
            "t.py:1:1: `with` statements other than `with read_base():`",
        ),
        (
            "from .base import x",
            "t.py:1:1: importing names of a config module (only `from .base import *` inside `with read_base():` is read as inheritance)",
        ),
        ("def f():\n    pass", "t.py:1:1: a function definition"),
        ("class A: pass", "t.py:1:1: a class definition"),
        ("x = lambda: 1", "t.py:1:5: a lambda expression"),
        (
            "x = np.array([1])",
            "t.py:1:5: an attribute call `np.array(...)`",
        ),
        ("x = print(1)", "t.py:1:5: a call to `print(...)`"),
        ("len(x) += 1", "t.py:1:1: augmented assignment to a call"),
        ("x @= 1", "t.py:1:3: augmented assignment `@=`"),
        ("x = d.copy(1)", "t.py:1:5: arguments to `.copy()`"),
        (
            "x = d.items()",
            "t.py:1:5: an attribute call `d.items(...)`",
        ),
        ("x = y = 1", "t.py:1:7: chained assignment `a = b = value`"),
        (
            "a, b = 1, 2",
            "t.py:1:2: assignment to several names at once",
        ),
        ("print(1)", "t.py:1:1: a call to `print(...)`"),
        ("x = {1, 2}", "t.py:1:5: a set literal"),
        (
            "x = {{ fileDirname }}",
            "t.py:1:5: a template other than `{{_base_.key}}` (`{{fileDirname}}`)",
        ),
        ("x: int = 1", "t.py:1:2: an annotated assignment"),
        ("x = a @ b", "t.py:1:7: the binary operator `@`"),
        ("import copy as c", "t.py:1:1: `import` statements"),
        ("x = f(1)[0] = 2", "t.py:1:5: a call to `f(...)`"),
        (
            "x = copy.os(1)",
            "t.py:1:5: an attribute call `copy.os(...)`",
        ),
        (
            "x = [*a for a in b]",
            "t.py:1:6: a starred expression in a comprehension",
        ),
        (
            "x = f'{a:>3}'",
            "t.py:1:9: a format spec `{value:spec}` in an f-string",
        ),
        ("f(1)[0] = 2", "t.py:1:1: a call to `f(...)`"),
        ("len(a)[0] = 2", "t.py:1:1: assignment to a subscript"),
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
