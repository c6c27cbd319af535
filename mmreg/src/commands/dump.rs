//! `mmreg dump CONFIG --format json|yaml|toml|py`.

use mmconfig::ConfigFormat;

use crate::cli::{DumpArgs, DumpFormat};
use crate::loaded::load_config;

pub fn run(args: DumpArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?;
    let format = match args.format {
        DumpFormat::Json => ConfigFormat::Json,
        DumpFormat::Yaml => ConfigFormat::Yaml,
        DumpFormat::Toml => ConfigFormat::Toml,
        DumpFormat::Py => ConfigFormat::Python,
    };
    let text = config.dump(format)?;
    print!("{text}");
    if !text.ends_with('\n') {
        println!();
    }
    Ok(())
}
