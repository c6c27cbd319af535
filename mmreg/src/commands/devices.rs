//! `mmreg devices`: the backends compiled into this build and the devices this machine offers.

use registry_core::device::{
    BACKENDS, REMOTE_FEATURE, REMOTE_SCHEME, available_devices, compiled_backends,
};

/// Prints each backend and remote devices (compiled in, or the feature they need), and each
/// device found, by name.
pub fn run() -> anyhow::Result<()> {
    let compiled = compiled_backends();
    println!("backends:");
    for (backend, feature) in BACKENDS {
        let state = if compiled.contains(&backend) {
            "compiled in".to_owned()
        } else {
            format!("not compiled in (cargo feature `{feature}`)")
        };
        println!("  {backend:<7} {state}");
    }
    let (remote, scheme) = (REMOTE_FEATURE, REMOTE_SCHEME);
    let state = if compiled.contains(&remote) {
        format!("compiled in ({scheme}host:port, a device `mmreg serve` hosts)")
    } else {
        format!("not compiled in (cargo feature `{remote}`)")
    };
    println!("  {remote:<7} {state}");
    println!("devices (--device NAME):");
    for device in available_devices() {
        println!("  {:<14} {}", device.name, device.description);
    }
    Ok(())
}
