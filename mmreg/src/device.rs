//! `--device`: where the model runs (names as [`registry_core::device`] reads them).

use registry_core::burn::tensor::Device;

/// The device `name` names, or an error naming the cargo feature it needs.
pub fn parse(name: &str) -> anyhow::Result<Device> {
    Ok(registry_core::device::parse_device(name)?)
}
