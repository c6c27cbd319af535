//! `mmreg`: the registries and configs from the command line, as mmengine's and mmpretrain's
//! `tools/` scripts. Exit codes: 0 ok, 1 error (message on stderr), 2 usage, 70 internal error
//! (a bug: a panic anywhere, reported by the guard in `guard.rs`).

mod cli;
mod commands;
mod device;
mod format;
mod guard;
mod input;
mod loaded;
mod table;

use std::process::ExitCode;

use clap::Parser;

// The binary builds from the registries the models, datasets and engine crates fill.
registry_core::link!(models);
registry_core::link!(datasets);
registry_core::link!(engine);

fn main() -> ExitCode {
    guard::install();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
