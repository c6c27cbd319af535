//! `mmreg serve`: this machine's device hosted for remote clients (`--device ws://host:port`),
//! Burn's remote server over WebSocket. Needs the `remote` cargo feature.

use std::net::IpAddr;

use crate::device;

/// `mmreg serve`'s options.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The TCP port to listen on; 0 picks a free one (the first line printed names it).
    #[arg(long)]
    pub port: u16,
    /// The address to listen on: 127.0.0.1 (this machine only) unless given; 0.0.0.0 accepts
    /// every network this machine is on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The device to host, as --device of the other commands (flex, vulkan:0, cuda:1, …).
    #[arg(long, default_value = "flex")]
    pub device: String,
}

/// Serves until Ctrl+C or SIGTERM, after printing the address clients name.
#[cfg(feature = "remote")]
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    use std::io::Write;

    use anyhow::Context;
    use registry_core::burn::server::{RemoteServer, WebSocketTransport};

    let device = device::parse(&args.device)?;
    let listener = std::net::TcpListener::bind((args.host, args.port))
        .with_context(|| format!("cannot listen on {}:{}", args.host, args.port))?;
    let address = listener
        .local_addr()
        .context("the listener has no address")?;
    println!(
        "serving {} on ws://{address} (no authentication: every client that connects runs \
         tensor operations here); Ctrl+C stops",
        args.device.trim()
    );
    std::io::stdout()
        .flush()
        .context("cannot write to stdout")?;
    RemoteServer::new([device])
        .serve(WebSocketTransport::from_listener(listener))
        .with_context(|| format!("serving on ws://{address} failed"))
}

/// Remote devices are not compiled in.
#[cfg(not(feature = "remote"))]
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    // Checked first, so a wrong device name is reported as in a build with the feature.
    device::parse(&args.device)?;
    anyhow::bail!(
        "`mmreg serve` needs the `{}` cargo feature, which this build lacks; rebuild with \
         `--features {0}`",
        registry_core::device::REMOTE_FEATURE
    )
}
