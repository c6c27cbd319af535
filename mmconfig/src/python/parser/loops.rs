//! `for` loops over config values, whose indented body assigns and appends
//! (`for scene in scenes:` … `datasets.append(dict(...))`, as mmpose's UBody configs build
//! their dataset lists). The body is a flat list of statements: no nested blocks.

use super::super::super::error::ConfigError;
use super::super::ast::Statement;
use super::super::lexer::Tok;
use super::Parser;

type Result<T> = std::result::Result<T, ConfigError>;

impl Parser<'_> {
    /// `for target in iterable:` and its indented statements.
    pub(super) fn for_loop(&mut self) -> Result<Statement> {
        let offset = self.offset();
        self.bump();
        let target = self.targets()?;
        if !self.is_name("in") {
            return Err(self.unexpected("`in`"));
        }
        self.bump();
        let iter = self.expression()?;
        self.expect_op(":")?;
        if !matches!(self.peek(), Tok::Newline) {
            let what = "a `for` loop's body on its own line";
            return Err(self.unsupported_at(self.offset(), what));
        }
        self.bump();
        let mut body = Vec::new();
        while matches!(self.peek(), Tok::Indent) {
            self.bump();
            if let Tok::Name(name) = self.peek()
                && matches!(name.as_str(), "for" | "with")
            {
                let what = "a block inside a `for` loop";
                return Err(self.unsupported_at(self.offset(), what));
            }
            if let Some(statement) = self.statement()? {
                body.push(statement);
            }
            if !(self.eat_op(";") || matches!(self.peek(), Tok::Newline | Tok::Eof)) {
                return Err(self.unexpected("the end of the statement"));
            }
            if matches!(self.peek(), Tok::Newline) {
                self.bump();
            }
        }
        if body.is_empty() {
            return Err(self.unexpected("an indented body of the `for` loop"));
        }
        Ok(Statement::For {
            target,
            iter,
            body,
            offset,
        })
    }
}
