//! Opening a device of one backend from the part of its name after `:`.

use burn::tensor::Device;
#[cfg(feature = "wgpu")]
use burn::tensor::DeviceKind;

/// `backend`'s device for `selector` (`None`: the backend's default), or `None` when
/// `selector` is not one of its devices. `backend` is compiled in.
pub(super) fn open(backend: &str, selector: Option<&str>) -> Option<Device> {
    match backend {
        "flex" => selector.is_none().then(Device::flex),
        #[cfg(feature = "wgpu")]
        "wgpu" => wgpu_kind(selector).map(Device::wgpu),
        #[cfg(feature = "vulkan")]
        "vulkan" => wgpu_kind(selector).map(Device::vulkan),
        #[cfg(feature = "metal")]
        "metal" => wgpu_kind(selector).map(Device::metal),
        #[cfg(feature = "cuda")]
        "cuda" => cuda_index(selector).map(Device::cuda),
        _ => None,
    }
}

/// `N` → the Nth discrete GPU, `cpu`, `integrated[:N]`, `virtual[:N]`; none → wgpu's choice.
#[cfg(feature = "wgpu")]
fn wgpu_kind(selector: Option<&str>) -> Option<DeviceKind> {
    let Some(selector) = selector else {
        return Some(DeviceKind::DefaultDevice);
    };
    let (kind, index) = match selector.split_once(':') {
        Some((kind, index)) => (kind, Some(index.parse().ok()?)),
        None => (selector, None),
    };
    match (kind, index) {
        ("cpu", None) => Some(DeviceKind::Cpu),
        ("integrated", index) => Some(DeviceKind::IntegratedGpu(index.unwrap_or(0))),
        ("virtual", index) => Some(DeviceKind::VirtualGpu(index.unwrap_or(0))),
        (number, None) => number.parse().ok().map(DeviceKind::DiscreteGpu),
        _ => None,
    }
}

/// `N`, or none for CUDA's default device.
#[cfg(feature = "cuda")]
fn cuda_index(selector: Option<&str>) -> Option<burn::tensor::DeviceIndex> {
    match selector {
        None => Some(burn::tensor::DeviceIndex::Default),
        Some(number) => number.parse::<usize>().ok().map(Into::into),
    }
}
