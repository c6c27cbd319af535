//! One module per command.

mod bench;
pub mod browse;
mod build;
mod complexity;
mod devices;
mod dump;
pub mod forward;
mod list;
pub mod predict;
pub mod serve;
mod show;
pub mod test;
pub mod train;
mod validate;

use crate::cli::{Cli, Command};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::List(args) => list::run(args),
        Command::Show(args) => show::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Dump(args) => dump::run(args),
        Command::Devices => devices::run(),
        Command::Build(args) => build::run(args),
        Command::Complexity(args) => complexity::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Forward(args) => forward::run(args),
        Command::Predict(args) => predict::run(args),
        Command::Train(args) => train::run(args),
        Command::Test(args) => test::run(args),
        Command::BrowseDataset(args) => browse::run(args),
        Command::Serve(args) => serve::run(args),
    }
}
