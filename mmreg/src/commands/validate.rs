//! `mmreg validate CONFIG`: every error at once, exit 1 if any.

use registry_core::burn::tensor::Device;

use crate::cli::ValidateArgs;
use crate::loaded::{load_config, validate_model};

pub fn run(args: ValidateArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?;
    validate_model(&config, &Device::flex())?;
    println!(
        "{}: the model config is valid",
        args.config.config.display()
    );
    Ok(())
}
