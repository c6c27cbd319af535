//! `mmreg dump CONFIG --format json|yaml|toml|py`.

use registry_core::config::Format;

use crate::cli::{DumpArgs, DumpFormat};
use crate::loaded::load_config;

pub fn run(args: DumpArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?;
    let format = match args.format {
        DumpFormat::Json => Format::Json,
        DumpFormat::Yaml => Format::Yaml,
        DumpFormat::Toml => Format::Toml,
        DumpFormat::Py => Format::Python,
    };
    let text = config.dump(format)?;
    print!("{text}");
    if !text.ends_with('\n') {
        println!();
    }
    Ok(())
}
