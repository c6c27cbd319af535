//! `mmreg dump` without Burn: prints a config as `mmreg dump` does, by the same calls
//! (`Config::from_file`, `merge_options`, `dump`).
//!
//! ```text
//! cargo run -p mmconfig --example dump -- CONFIG [--format json|yaml|toml|py] [--cfg-options K=V ...]
//! ```

use std::process::ExitCode;

use mmconfig::{Config, ConfigFormat};

const USAGE: &str = "usage: dump CONFIG [--format json|yaml|toml|py] [--cfg-options KEY=VALUE ...]";

struct Args {
    config: String,
    format: ConfigFormat,
    options: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut config, mut format, mut options) = (None, ConfigFormat::Json, Vec::new());
    let mut in_options = false;
    while let Some(arg) = args.next() {
        if arg == "--format" {
            let name = args.next().ok_or("--format needs a value")?;
            format = name.parse().map_err(|e| format!("{e}"))?;
            in_options = false;
        } else if arg == "--cfg-options" {
            in_options = true;
        } else if arg.starts_with("--") {
            return Err(format!("unknown option `{arg}`"));
        } else if in_options {
            options.push(arg);
        } else if config.replace(arg).is_some() {
            return Err("more than one CONFIG".to_owned());
        }
    }
    let config = config.ok_or("no CONFIG given")?;
    Ok(Args {
        config,
        format,
        options,
    })
}

fn run(args: Args) -> Result<String, mmconfig::ConfigError> {
    let mut config = Config::from_file(&args.config)?;
    config.merge_options(&args.options)?;
    config.dump(args.format)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(text) => {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
