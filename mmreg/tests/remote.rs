//! Remote devices on loopback: two `mmreg serve` processes host a Flex device each, and
//! `mmreg train --devices ws://…,ws://…` trains on them with burn-train's multi-device strategy.
//! Each server is reached through a relay of this test that counts the bytes it passes, so the
//! test also reports the traffic of a training step (run with `--nocapture` to see it).
//!
//! `cargo test -p mmreg --features remote --test remote` (CI builds it with the GPU subset:
//! `cargo test -p mmreg --features vulkan,remote --test gpu --test remote`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

mod common;
use common::{SYNTHETIC, mmreg, mmreg_process, workspace};

/// A running `mmreg serve`, killed when dropped (also when a test fails, after printing its log).
struct Server {
    child: Child,
    address: SocketAddr,
    /// What it prints after its first line, read to the end so that it never blocks writing:
    /// Burn's log of its sessions, transfers and failed tasks.
    log: Option<thread::JoinHandle<String>>,
}

impl Server {
    /// Starts `mmreg serve --port 0` and reads the address it listens on from its first line.
    fn start() -> Self {
        let mut child = mmreg_process()
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let log = thread::spawn(move || {
            let mut log = String::new();
            let _ = stdout.read_to_string(&mut log);
            log
        });
        Self {
            address: listen_address(&first),
            child,
            log: Some(log),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(log) = self.log.take().filter(|_| thread::panicking()) {
            let log = log.join().unwrap_or_default();
            eprintln!("`mmreg serve` on {} logged:\n{log}", self.address);
        }
    }
}

/// The `host:port` of `serving flex on ws://host:port (…`.
fn listen_address(line: &str) -> SocketAddr {
    let rest = line.split_once("ws://").map(|(_, rest)| rest);
    let address = rest.and_then(|rest| rest.split_whitespace().next());
    address
        .and_then(|address| address.parse().ok())
        .unwrap_or_else(|| panic!("`mmreg serve` printed no address: {line:?}"))
}

/// A TCP relay on a free loopback port to a server, counting the bytes it passes both ways.
struct Relay {
    address: SocketAddr,
    bytes: Arc<AtomicU64>,
}

impl Relay {
    /// Relays every connection to `target`, on threads that end with their connection.
    fn to(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let bytes = Arc::new(AtomicU64::new(0));
        let counter = bytes.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                for stream in [&client, &server] {
                    stream.set_nodelay(true).unwrap();
                }
                pipe(&client, &server, &counter);
                pipe(&server, &client, &counter);
            }
        });
        Self { address, bytes }
    }

    /// The bytes passed so far, both ways.
    fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::SeqCst)
    }
}

/// Copies `from` to `to` on a thread until `from` ends, adding each chunk to `counter`.
fn pipe(from: &TcpStream, to: &TcpStream, counter: &Arc<AtomicU64>) {
    let (mut from, mut to) = (from.try_clone().unwrap(), to.try_clone().unwrap());
    let counter = counter.clone();
    thread::spawn(move || {
        let mut buffer = vec![0; 1 << 16];
        while let Ok(read @ 1..) = from.read(&mut buffer) {
            if to.write_all(&buffer[..read]).is_err() {
                break;
            }
            counter.fetch_add(read as u64, Ordering::SeqCst);
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}

/// `mmreg train` of the synthetic config for one epoch on `devices`, a loss logged every step
/// (with `extra` options); each step's loss (the mean over the devices) from `scalars.json`.
fn train(devices: &str, work: &Path, extra: &[&str]) -> Vec<f64> {
    let work = work.to_str().unwrap();
    let options = ["train_cfg.max_epochs=1", "default_hooks.logger.interval=1"];
    // SYNTHETIC has 64 samples in batches of 8: 4 steps per epoch on two devices.
    let output = mmreg()
        .args(["train", SYNTHETIC, "--work-dir", work, "--devices", devices])
        .arg("--cfg-options")
        .args(options)
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("panicked"),
        "mmreg train --devices {devices} failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    let scalars = stdout
        .lines()
        .find_map(|line| line.strip_prefix("scalars: "))
        .unwrap_or_else(|| panic!("no scalars file named in {stdout}"));
    losses(Path::new(scalars))
}

/// The `loss` of each line of a `scalars.json` that has one.
fn losses(scalars: &Path) -> Vec<f64> {
    std::fs::read_to_string(workspace().join(scalars))
        .unwrap()
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()?["loss"].as_f64())
        .collect()
}

#[test]
fn training_on_two_remote_devices_matches_two_local_ones() {
    let servers = [Server::start(), Server::start()];
    let relays = servers.each_ref().map(|server| Relay::to(server.address));
    let remote = relays
        .each_ref()
        .map(|relay| format!("ws://{}", relay.address));
    let remote = remote.join(",");
    let dir = tempfile::tempdir().unwrap();

    let local = train("flex,flex", &dir.path().join("local"), &[]);
    let served = train(&remote, &dir.path().join("remote"), &[]);
    eprintln!("losses on flex,flex: {local:?}\nlosses on {remote}: {served:?}");
    assert_eq!(local.len(), 4, "one loss per step: {local:?}");
    assert_eq!(served.len(), local.len());
    // The same steps, not quite the same kernels: locally our convolution and BatchNorm
    // (flex-conv) may run, remotely Burn's own do, on the servers' Flex. Measured: 1.2e-7
    // apart at most (9e-8 relative) over 8 steps on one device, equal on two. Halving the
    // learning rate, as a replica's gradient lost would, moves steps 2 to 4 by 1.1e-3 to
    // 1.2e-2 relative.
    for (step, (a, b)) in local.iter().zip(&served).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 * a.abs(),
            "step {}: loss {a} on flex,flex but {b} on remote devices",
            step + 1
        );
    }
    let four_steps = total_bytes(&relays);

    // Twice the data: 4 steps more, with the same start (model upload) and end (validation,
    // checkpoint) as above, so the difference is what the steps alone move.
    let size = ["train_dataloader.dataset.size=128"];
    let longer = train(&remote, &dir.path().join("longer"), &size);
    assert_eq!(longer.len(), 8, "{longer:?}");
    let per_step = (total_bytes(&relays) - 2 * four_steps) / 4;
    let model = std::fs::metadata(dir.path().join("remote/epoch_1.bpk"))
        .unwrap()
        .len();
    eprintln!(
        "bytes through the servers' sockets: {four_steps} for 4 steps with the start and end, \
         {per_step} per step; the model's checkpoint: {model} bytes"
    );
    // Each step sends the model to the second device and its gradients back to the first.
    assert!(per_step > 2 * model, "{per_step} bytes per step");
}

#[test]
fn a_server_that_stops_during_training_is_named_as_the_likely_cause() {
    let server = Server::start();
    let device = format!("ws://{}", server.address);
    let dir = tempfile::tempdir().unwrap();
    let mut training = mmreg_process()
        .args(["train", SYNTHETIC, "--device", &device, "--work-dir"])
        .arg(dir.path())
        .args(["--cfg-options", "train_dataloader.dataset.size=2000"])
        .args(["train_cfg.max_epochs=1", "default_hooks.logger.interval=1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let watchdog = Watchdog::new(training.id(), Duration::from_secs(120));
    // The log of each step goes to stderr: stop the server after the first.
    let mut stderr = BufReader::new(training.stderr.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("Epoch(train)") {
        line.clear();
        let read = stderr.read_line(&mut line).unwrap();
        assert!(read > 0, "training ended before its first step");
    }
    drop(server);

    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = training.wait().unwrap();
    drop(watchdog);
    assert_eq!(status.code(), Some(70), "{rest}");
    assert!(
        rest.contains(&format!("this process uses remote devices ({device})"))
            && rest.contains("if a server stopped"),
        "{rest}"
    );
}

/// Kills a process that has not ended within its time, so that a hang fails the test, or at
/// once when the test fails, so that it does not outlive it.
struct Watchdog {
    pid: u32,
    done: std::sync::mpsc::Sender<()>,
}

impl Watchdog {
    fn new(pid: u32, limit: Duration) -> Self {
        let (done, wait) = std::sync::mpsc::channel();
        thread::spawn(move || {
            if wait.recv_timeout(limit).is_err() {
                kill(pid);
            }
        });
        Self { pid, done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if thread::panicking() {
            kill(self.pid);
        } else {
            let _ = self.done.send(());
        }
    }
}

/// Sends SIGKILL to `pid`.
fn kill(pid: u32) {
    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
}

/// The bytes every relay has passed so far.
fn total_bytes(relays: &[Relay]) -> u64 {
    relays.iter().map(Relay::bytes).sum()
}

/// A loopback port nothing listens on: bound, then closed.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port()
}

/// `mmreg args`' stderr, after checking it failed with exit code 1 and no panic.
fn failure(args: &[&str]) -> String {
    let output = mmreg().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "mmreg {args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn malformed_or_unreachable_remote_devices_are_errors_not_waits() {
    let closed = format!("ws://127.0.0.1:{}", closed_port());
    for (device, reason) in [
        ("ws://host", "expected a port after the host"),
        ("ws://:3000", "expected a host name or address"),
        (
            "ws://127.0.0.1:0",
            "the port must be a number from 1 to 65535",
        ),
        ("ws://127.0.0.1:3000/x", "expected nothing after host:port"),
        (&closed, "is `mmreg serve` running there?"),
    ] {
        let stderr = failure(&["train", SYNTHETIC, "--device", device]);
        assert!(
            stderr.contains(&format!("remote device `{device}`")) && stderr.contains(reason),
            "{device}: {stderr}"
        );
    }
}

#[test]
fn serving_on_a_taken_port_is_an_error_naming_it() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let stderr = failure(&["serve", "--port", &port]);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
}
