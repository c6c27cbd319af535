//! New-style (lazy-import) configs, read as data: `with read_base():` and its
//! `from .x import *` lines are inheritance, and `from package.module import Name` binds
//! `Name` to a type reference (`'package.module.Name'`, as mmengine's `to_dict` writes it).
//! Nothing is imported.

use super::super::super::error::ConfigError;
use super::super::ast::Statement;
use super::super::lexer::Tok;
use super::Parser;

type Result<T> = std::result::Result<T, ConfigError>;

impl Parser<'_> {
    /// `from module import a, b as c` or `from .base import *` (only inside `read_base()`).
    pub(super) fn import_from(&mut self, in_read_base: bool) -> Result<Statement> {
        let start = self.offset();
        self.bump();
        let module = self.module_name()?;
        if !self.is_name("import") {
            return Err(self.unexpected("`import`"));
        }
        self.bump();
        if self.eat_op("*") {
            if !in_read_base || !module.starts_with('.') {
                let what = format!(
                    "`from {module} import *` outside `with read_base():` (importing a module runs its code)"
                );
                return Err(self.unsupported_at(start, what));
            }
            return Ok(Statement::ReadBase {
                module,
                offset: start,
            });
        }
        if in_read_base || module.starts_with('.') {
            let what = "importing names of a config module (only `from .base import *` inside `with read_base():` is read as inheritance)";
            return Err(self.unsupported_at(start, what));
        }
        let parenthesized = self.eat_op("(");
        let mut names = Vec::new();
        loop {
            let Tok::Name(name) = self.peek().clone() else {
                return Err(self.unexpected("a name to import"));
            };
            self.bump();
            let bound = if self.is_name("as") {
                self.bump();
                let Tok::Name(alias) = self.peek().clone() else {
                    return Err(self.unexpected("a name after `as`"));
                };
                self.bump();
                alias
            } else {
                name.clone()
            };
            names.push((name, bound));
            if !self.eat_op(",") || (parenthesized && self.is_op(")")) {
                break;
            }
        }
        if parenthesized {
            self.expect_op(")")?;
        }
        Ok(Statement::ImportNames {
            module,
            names,
            offset: start,
        })
    }

    /// A dotted module name, with its leading dots when relative.
    fn module_name(&mut self) -> Result<String> {
        let mut module = String::new();
        while let Tok::Op(op @ ("." | "...")) = self.peek() {
            let op: &str = op;
            module.push_str(op);
            self.bump();
        }
        loop {
            let Tok::Name(part) = self.peek().clone() else {
                if module.ends_with('.') && !module.trim_start_matches('.').is_empty() {
                    return Err(self.unexpected("a module name"));
                }
                break;
            };
            if part == "import" {
                break;
            }
            module.push_str(&part);
            self.bump();
            if !self.eat_op(".") {
                break;
            }
            module.push('.');
        }
        if module.trim_start_matches('.').is_empty() {
            return Err(self.unexpected("a module name"));
        }
        Ok(module)
    }

    /// `with read_base():` and its indented `from .x import *` lines.
    pub(super) fn read_base(&mut self) -> Result<Vec<Statement>> {
        let start = self.offset();
        self.bump();
        if !(self.is_name("read_base") && matches!(self.peek_at(1), Tok::Op("("))) {
            return Err(
                self.unsupported_at(start, "`with` statements other than `with read_base():`")
            );
        }
        self.bump();
        self.expect_op("(")?;
        self.expect_op(")")?;
        self.expect_op(":")?;
        if !matches!(self.peek(), Tok::Newline) {
            return Err(self.unexpected("a new line after `with read_base():`"));
        }
        self.bump();
        let mut body = Vec::new();
        while matches!(self.peek(), Tok::Indent) {
            self.bump();
            if matches!(self.peek(), Tok::Newline) {
                self.bump();
                continue;
            }
            if !self.is_name("from") {
                let what = "anything but `from .base import *` inside `with read_base():`";
                return Err(self.unsupported_at(self.offset(), what));
            }
            body.push(self.import_from(true)?);
            if !(self.eat_op(";") || matches!(self.peek(), Tok::Newline | Tok::Eof)) {
                return Err(self.unexpected("the end of the statement"));
            }
            if matches!(self.peek(), Tok::Newline) {
                self.bump();
            }
        }
        if body.is_empty() {
            return Err(self.unexpected("an indented `from .base import *`"));
        }
        Ok(body)
    }
}

/// The file a `read_base()` module names, relative to the config: `.._base_.models.r50` is
/// `../_base_/models/r50.py`.
pub(crate) fn base_module_path(module: &str) -> String {
    let name = module.trim_start_matches('.');
    let dots = module.len() - name.len();
    let mut path = if dots <= 1 {
        "./".to_owned()
    } else {
        "../".repeat(dots - 1)
    };
    path.push_str(&name.replace('.', "/"));
    path.push_str(".py");
    path
}
