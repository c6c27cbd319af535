//! Devices by name, as `--device` takes them: `flex` (or `cpu`), `wgpu[:K]`, `vulkan[:K]`,
//! `metal[:K]`, `cuda[:N]` and `ws://host:port` (a remote device). Each GPU backend is a cargo
//! feature of this crate (`wgpu`, `vulkan`, `metal`, `cuda`), and so are remote devices
//! (`remote`), off by default; naming one this build lacks is an error that names the feature to
//! enable.
//!
//! `K`, the adapter of a wgpu device: a number `N` (the Nth discrete GPU), `cpu` (a software
//! adapter such as Mesa's lavapipe), `integrated[:N]` or `virtual[:N]`; none for wgpu's choice.
//!
//! ```
//! use registry_core::device::parse_device;
//!
//! assert_eq!(parse_device("flex").unwrap(), burn::tensor::Device::flex());
//! let error = parse_device("gpu").unwrap_err();
//! assert!(error.to_string().starts_with("unknown device `gpu`"));
//! ```

mod list;
mod open;
#[cfg(feature = "remote")]
mod remote;

use std::fmt;
use std::sync::Mutex;

use burn::tensor::Device;

pub use list::{AvailableDevice, available_devices};

/// The backends a device name may start with, and the cargo feature each needs.
pub const BACKENDS: [(&str, &str); 5] = [
    ("flex", "(always)"),
    ("wgpu", "wgpu"),
    ("vulkan", "vulkan"),
    ("metal", "metal"),
    ("cuda", "cuda"),
];

/// How a remote device's name starts (`ws://host:port`: device 0 of the Burn remote server
/// there), and the cargo feature remote devices need.
pub const REMOTE_SCHEME: &str = "ws://";
/// See [`REMOTE_SCHEME`].
pub const REMOTE_FEATURE: &str = "remote";

/// Why a device name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceError {
    /// The backend is not one of [`BACKENDS`].
    Unknown { name: String },
    /// The backend is known but this build was compiled without its feature.
    NotCompiled { name: String, feature: &'static str },
    /// The part after `:` is not an adapter or index of that backend.
    BadSelector {
        name: String,
        expected: &'static str,
    },
    /// A remote device's address is not `ws://host:port`.
    BadAddress { name: String, reason: String },
    /// The remote device's server could not be reached or refused the session.
    Unreachable { name: String, reason: String },
}

impl fmt::Display for DeviceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown { name } => write!(
                f,
                "unknown device `{name}`; expected one of flex (or cpu), wgpu[:K], vulkan[:K], \
                 metal[:K], cuda[:N], ws://host:port; this build has: {}",
                compiled_backends().join(", ")
            ),
            Self::NotCompiled { name, feature } => write!(
                f,
                "device `{name}` needs the `{feature}` cargo feature, which this build lacks; \
                 rebuild with `--features {feature}` (this build has: {})",
                compiled_backends().join(", ")
            ),
            Self::BadSelector { name, expected } => {
                write!(f, "device `{name}`: after `:` expected {expected}")
            }
            Self::BadAddress { name, reason } => {
                write!(f, "remote device `{name}`: {reason}")
            }
            Self::Unreachable { name, reason } => {
                write!(f, "remote device `{name}` cannot be used: {reason}")
            }
        }
    }
}

impl std::error::Error for DeviceError {}

/// The backends compiled into this build, in [`BACKENDS`] order, then `remote` when remote
/// devices are.
pub fn compiled_backends() -> Vec<&'static str> {
    let remote = cfg!(feature = "remote").then_some(REMOTE_FEATURE);
    BACKENDS
        .iter()
        .filter(|(backend, _)| is_compiled(backend))
        .map(|(backend, _)| *backend)
        .chain(remote)
        .collect()
}

/// Whether this build has `backend`'s feature.
fn is_compiled(backend: &str) -> bool {
    match backend {
        "flex" => true,
        "wgpu" => cfg!(feature = "wgpu"),
        "vulkan" => cfg!(feature = "vulkan"),
        "metal" => cfg!(feature = "metal"),
        "cuda" => cfg!(feature = "cuda"),
        _ => false,
    }
}

/// The device `name` names (case does not matter, spaces around it are ignored). A remote
/// device is connected here, so an unreachable server is an error now rather than at first use.
pub fn parse_device(name: &str) -> Result<Device, DeviceError> {
    let name = name.trim();
    if name
        .get(..REMOTE_SCHEME.len())
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case(REMOTE_SCHEME))
    {
        let device = open_remote(name)?;
        if let Ok(mut opened) = OPENED_REMOTE.lock()
            && !opened.iter().any(|known| known == name)
        {
            opened.push(name.to_owned());
        }
        return Ok(device);
    }
    let name = name.to_ascii_lowercase();
    let (backend, selector) = match name.split_once(':') {
        Some((backend, selector)) => (backend, Some(selector)),
        None => (name.as_str(), None),
    };
    let backend = if backend == "cpu" { "flex" } else { backend };
    let Some((_, feature)) = BACKENDS.iter().find(|(known, _)| *known == backend) else {
        return Err(DeviceError::Unknown { name });
    };
    if !is_compiled(backend) {
        return Err(DeviceError::NotCompiled { name, feature });
    }
    open::open(backend, selector).ok_or_else(|| bad_selector(backend, &name))
}

/// The remote devices [`parse_device`] connected, each once, in order.
static OPENED_REMOTE: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The remote devices (`ws://host:port`) this process connected, each once, in order: a failure
/// may come from one of their servers. Never blocks, so a panic hook may ask (empty if it would
/// block).
///
/// ```
/// use registry_core::device::{opened_remote_devices, parse_device};
///
/// parse_device("flex").unwrap();
/// assert!(opened_remote_devices().is_empty());
/// ```
pub fn opened_remote_devices() -> Vec<String> {
    OPENED_REMOTE
        .try_lock()
        .map(|opened| opened.clone())
        .unwrap_or_default()
}

/// The remote device `name` (`ws://…`), connected.
#[cfg(feature = "remote")]
fn open_remote(name: &str) -> Result<Device, DeviceError> {
    remote::open(name)
}

/// Remote devices are not compiled in.
#[cfg(not(feature = "remote"))]
fn open_remote(name: &str) -> Result<Device, DeviceError> {
    Err(DeviceError::NotCompiled {
        name: name.to_owned(),
        feature: REMOTE_FEATURE,
    })
}

/// The error for a selector `backend` does not take.
fn bad_selector(backend: &str, name: &str) -> DeviceError {
    let expected = match backend {
        "flex" => "nothing (flex is one device)",
        "cuda" => "a GPU index (cuda:0)",
        _ => "a GPU index, cpu, integrated[:N] or virtual[:N] (wgpu:0, vulkan:cpu)",
    };
    DeviceError::BadSelector {
        name: name.to_owned(),
        expected,
    }
}

/// Whether `device` (with or without autodiff) is a CUDA GPU: burn-train's DDP strategy, whose
/// all-reduce is NCCL's, runs only there. Always false without the `cuda` feature.
pub fn is_cuda(device: &Device) -> bool {
    #[cfg(feature = "cuda")]
    {
        let plain = device.clone().without_autodiff();
        (0..MAX_CUDA_DEVICES).any(|index| plain == Device::cuda(index))
    }
    #[cfg(not(feature = "cuda"))]
    {
        let _ = device;
        false
    }
}

/// The CUDA device indices [`is_cuda`] recognises.
#[cfg(feature = "cuda")]
const MAX_CUDA_DEVICES: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flex_and_its_alias_name_the_flex_device() {
        for name in ["flex", "cpu", " FLEX "] {
            assert_eq!(parse_device(name), Ok(Device::flex()), "{name}");
        }
    }

    #[test]
    fn bad_names_are_errors_saying_what_is_accepted() {
        let error = parse_device("tpu:0").unwrap_err().to_string();
        assert!(
            error.starts_with("unknown device `tpu:0`; expected one of flex"),
            "{error}"
        );
        let error = parse_device("flex:1").unwrap_err().to_string();
        assert_eq!(
            error,
            "device `flex:1`: after `:` expected nothing (flex is one device)"
        );
    }

    #[test]
    #[cfg(not(feature = "remote"))]
    fn a_remote_device_without_the_feature_names_it() {
        let error = parse_device("WS://127.0.0.1:3000").unwrap_err().to_string();
        assert!(
            error.starts_with(
                "device `WS://127.0.0.1:3000` needs the `remote` cargo feature, which this build \
                 lacks; rebuild with `--features remote`"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_backend_not_compiled_in_names_its_feature() {
        for (backend, feature) in &BACKENDS[1..] {
            let name = format!("{backend}:0");
            match parse_device(&name) {
                Ok(_) => assert!(compiled_backends().contains(backend), "{name}"),
                Err(error) => assert_eq!(
                    error,
                    DeviceError::NotCompiled {
                        name: name.clone(),
                        feature
                    }
                ),
            }
        }
    }
}
