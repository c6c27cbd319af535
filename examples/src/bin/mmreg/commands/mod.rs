//! One module per command.

mod list;
mod show;

use crate::cli::{Cli, Command};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::List(args) => list::run(args),
        Command::Show(args) => show::run(args),
    }
}
