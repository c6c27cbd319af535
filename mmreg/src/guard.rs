//! The last-resort guard: a panic, in any thread, is a bug of ours, never the answer to bad
//! input (that is an error naming what and where, exit code 1). Should one happen anyway, the
//! process says so plainly and exits with its own code, [`INTERNAL_ERROR`] (70, sysexits'
//! `EX_SOFTWARE`), instead of Rust's 101 or an abort. Nothing is caught or retried: the hook
//! reports and ends the process.

use std::io::Write;
use std::panic::PanicHookInfo;

/// The exit code of an internal error.
pub const INTERNAL_ERROR: i32 = 70;

/// Where to report.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Installs the panic hook that reports and exits with [`INTERNAL_ERROR`].
///
/// In debug builds, `MMREG_INTERNAL_ERROR_TEST=1` panics at once, so that tests can check the
/// guard itself.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // Not eprintln!: a closed stderr must not panic again inside the hook (an abort).
        let _ = writeln!(std::io::stderr(), "{}", message(info));
        std::process::exit(INTERNAL_ERROR);
    }));
    #[cfg(debug_assertions)]
    if std::env::var_os("MMREG_INTERNAL_ERROR_TEST").is_some() {
        panic!("MMREG_INTERNAL_ERROR_TEST is set");
    }
}

/// What the user is told.
fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    let place = info
        .location()
        .map_or_else(String::new, |at| format!(" at {}:{}", at.file(), at.line()));
    let thread = std::thread::current();
    let thread = thread.name().unwrap_or("unnamed");
    let backtrace = match std::env::var_os("RUST_BACKTRACE") {
        Some(_) => format!("\n{}", std::backtrace::Backtrace::force_capture()),
        None => "\nrun again with RUST_BACKTRACE=1 for a backtrace, and include it".to_owned(),
    };
    format!(
        "internal error: {payload} (thread '{thread}'{place})\n{}{backtrace}",
        likely_cause(&registry_core::device::opened_remote_devices())
    )
}

/// A server that stopped, or a connection to it that dropped, fails the next tensor operation
/// on its remote device with a panic inside Burn: with remote devices in use, that comes first.
fn likely_cause(remote_devices: &[String]) -> String {
    let bug = format!(
        "this is a bug in mmreg, not in your input: please report it at {REPOSITORY}/issues with \
         the command line and config"
    );
    match remote_devices {
        [] => bug,
        devices => format!(
            "this process uses remote devices ({}): if a server stopped or the connection to it \
             dropped, that is the cause, and the output of `mmreg serve` there says why; \
             otherwise {bug}",
            devices.join(", ")
        ),
    }
}
