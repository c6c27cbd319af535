//! Remote devices, `ws://host:port`: device 0 of a Burn remote server (`mmreg serve`) reached
//! over WebSocket. Tensor operations run there; the client keeps the autodiff graph.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use burn::remote::RemoteHost;
use burn::tensor::Device;

use super::DeviceError;

/// How long the reachability check waits for each of the host's addresses to accept a TCP
/// connection. Burn's own connect retries an unanswered address for ~16 s, and waits on a
/// silent one for as long as the system's TCP timeout (minutes); this fails fast instead.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The connected device `name` (`ws://host:port`, scheme already checked) names.
pub(super) fn open(name: &str) -> Result<Device, DeviceError> {
    let authority = authority(name)?;
    reachable(name, authority)?;
    let host = RemoteHost::websocket(&format!("ws://{authority}"));
    Device::remote_options(&host)
        .init()
        .map_err(|error| unreachable(name, error.to_string()))
}

/// `host:port` of `ws://host:port[/]`, or an error saying what is wrong with it.
fn authority(name: &str) -> Result<&str, DeviceError> {
    let rest = &name[super::REMOTE_SCHEME.len()..];
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let bad = |reason: &str| DeviceError::BadAddress {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    if authority.contains(['/', '?', '#', '@']) {
        return Err(bad("expected nothing after host:port"));
    }
    let Some((host, port)) = authority.rsplit_once(':') else {
        return Err(bad("expected a port after the host (ws://host:port)"));
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(bad("expected a host name or address before `:port`"));
    }
    match port.parse::<u16>() {
        Ok(port) if port > 0 => Ok(authority),
        _ => Err(bad("the port must be a number from 1 to 65535")),
    }
}

/// Ok when some address of `authority` accepts a TCP connection within [`CONNECT_TIMEOUT`].
fn reachable(name: &str, authority: &str) -> Result<(), DeviceError> {
    let addresses: Vec<SocketAddr> = authority
        .to_socket_addrs()
        .map_err(|error| unreachable(name, format!("cannot resolve the host: {error}")))?
        .collect();
    let mut last_error = None;
    for address in &addresses {
        match TcpStream::connect_timeout(address, CONNECT_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(error) => last_error = Some(error),
        }
    }
    let reason = last_error.map_or_else(
        || "the host has no address".to_owned(),
        |error| format!("nothing accepted a connection ({error}); is `mmreg serve` running there?"),
    );
    Err(unreachable(name, reason))
}

/// The error for a server at `name` that cannot be used.
fn unreachable(name: &str, reason: String) -> DeviceError {
    DeviceError::Unreachable {
        name: name.to_owned(),
        reason,
    }
}
