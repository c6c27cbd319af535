//! The devices this build and this machine offer, for `mmreg devices`.

use burn::tensor::Device;

/// One device found on this machine.
#[derive(Debug, Clone)]
pub struct AvailableDevice {
    /// Its name for `--device` (`flex`, `vulkan:cpu`, `cuda:0`), or Burn's own when it has none.
    pub name: String,
    /// What the device says it is (`llvmpipe (LLVM 15.0.6, 256 bits)`), or Burn's description.
    pub description: String,
}

/// Every device of every backend compiled in, Flex first. Opens each GPU device to ask its name.
pub fn available_devices() -> Vec<AvailableDevice> {
    let mut devices = vec![AvailableDevice {
        name: "flex".to_owned(),
        description: "Burn's Flex backend: pure-Rust CPU".to_owned(),
    }];
    for backend in super::compiled_backends() {
        devices.extend(
            gpu_devices(backend)
                .into_iter()
                .map(|device| describe(backend, device)),
        );
    }
    devices
}

/// The devices Burn enumerates for `backend` (none for flex).
fn gpu_devices(backend: &str) -> Vec<Device> {
    #[allow(unused_imports)]
    use burn::tensor::DeviceType;
    #[cfg(feature = "wgpu")]
    if backend == "wgpu" {
        return Device::enumerate(DeviceType::Wgpu).into_vec();
    }
    #[cfg(feature = "vulkan")]
    if backend == "vulkan" {
        return Device::enumerate(DeviceType::Vulkan).into_vec();
    }
    #[cfg(feature = "metal")]
    if backend == "metal" {
        return Device::enumerate(DeviceType::Metal).into_vec();
    }
    #[cfg(feature = "cuda")]
    if backend == "cuda" {
        return Device::enumerate(DeviceType::Cuda).into_vec();
    }
    let _ = backend;
    Vec::new()
}

/// `device`'s `--device` name (the first selector that opens the same device) and description.
fn describe(backend: &str, device: Device) -> AvailableDevice {
    let name = selectors()
        .map(|selector| format!("{backend}:{selector}"))
        .find(|name| super::parse_device(name).is_ok_and(|named| named == device))
        .unwrap_or_else(|| format!("{device:?}"));
    let description = identity(&device).unwrap_or_else(|| format!("{device:?}"));
    AvailableDevice { name, description }
}

/// The selectors tried, in order, to name an enumerated device: `0`…`7`, `cpu`,
/// `integrated:0`…`3`, `virtual:0`…`3`.
fn selectors() -> impl Iterator<Item = String> {
    let kinds = ["integrated", "virtual"];
    (0..8)
        .map(|index| index.to_string())
        .chain(["cpu".to_owned()])
        .chain(
            kinds
                .into_iter()
                .flat_map(|kind| (0..4).map(move |index| format!("{kind}:{index}"))),
        )
}

/// The name the device gives itself (wgpu and CUDA devices report one).
#[cfg(any(feature = "wgpu", feature = "cuda"))]
fn identity(device: &Device) -> Option<String> {
    device.identity().map(|identity| identity.name)
}

/// Flex reports no name.
#[cfg(not(any(feature = "wgpu", feature = "cuda")))]
fn identity(_device: &Device) -> Option<String> {
    None
}
