//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Registries and configs for Burn models, as OpenMMLab's tools.
#[derive(Debug, Parser)]
#[command(name = "mmreg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A table of registered entries (name, aliases, scope, type, source location).
    List(ListArgs),
    /// One entry: its doc, registry, scope, location, and every config argument.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this registry (e.g. BACKBONES; case does not matter). All registries if omitted.
    pub registry: Option<String>,
    /// Only entries whose name or an alias matches this glob (e.g. 'resnet*'; case does not matter).
    pub pattern: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry: its name, an alias, or scope.Name.
    pub name: String,
    /// The registry to look in, when the name is registered in several.
    #[arg(long)]
    pub registry: Option<String>,
    /// Print the JSON Schema of the entry's config instead.
    #[arg(long)]
    pub schema: bool,
}

/// Options every command that reads a config accepts.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The config file: .py (mmengine style, read as data), .json, .yaml/.yml or .toml.
    pub config: PathBuf,
    /// Override config values, as mmengine's --cfg-options: key.path=value ...
    #[arg(long = "cfg-options", value_name = "KEY=VALUE", num_args = 1..)]
    pub cfg_options: Vec<String>,
}

/// Output formats of `dump`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DumpFormat {
    Json,
    Yaml,
    Toml,
    Py,
}
