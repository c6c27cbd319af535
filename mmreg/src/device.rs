//! `--device`: where the model runs.

use anyhow::bail;
use registry_core::burn::tensor::Device;

/// The devices this build of `mmreg` can use, for `--help`.
pub const DEVICES: &str = "flex (the pure-Rust CPU backend)";

/// The device `name` names: `flex` (default) or `cpu`, its alias.
pub fn parse(name: &str) -> anyhow::Result<Device> {
    match name.to_ascii_lowercase().as_str() {
        "flex" | "cpu" => Ok(Device::flex()),
        other => bail!("unknown device `{other}`; this build supports: {DEVICES}"),
    }
}
