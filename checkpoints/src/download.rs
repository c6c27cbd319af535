//! One HTTP download: streamed to a temporary file, hashed, checked, renamed into place.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use super::error::CheckpointError;

/// How long connecting, and waiting for the response headers, may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(60);

/// Downloads `url` to `destination` (whose directory exists): into a temporary file beside it,
/// renamed into place once complete and, with `hash_prefix`, once its SHA-256 digest starts
/// with it. On any error nothing is left at `destination` and the temporary file is removed.
pub(crate) fn download(
    url: &str,
    destination: &Path,
    hash_prefix: Option<&str>,
    progress: bool,
) -> Result<(), CheckpointError> {
    let error = |message: String| CheckpointError::download(url, message);
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_recv_response(Some(RESPONSE_TIMEOUT))
        .build();
    let response = ureq::Agent::new_with_config(config)
        .get(url)
        .call()
        .map_err(|e| match e {
            ureq::Error::StatusCode(status) => error(format!("the server answered HTTP {status}")),
            other => error(other.to_string()),
        })?;
    let length = response.body().content_length();

    let directory = destination.parent().unwrap_or(Path::new("."));
    let mut partial = tempfile::Builder::new()
        .prefix(".download-")
        .suffix(".partial")
        .tempfile_in(directory)
        .map_err(|e| {
            error(format!(
                "cannot create a file in {}: {e}",
                directory.display()
            ))
        })?;

    let bar = match progress {
        true => progress_bar(length, destination),
        false => ProgressBar::hidden(),
    };
    let mut reader = response.into_body().into_reader();
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut received = 0u64;
    loop {
        let read = reader
            .read(&mut buffer)
            .map_err(|e| error(format!("the transfer failed after {received} bytes: {e}")))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        partial
            .write_all(&buffer[..read])
            .map_err(|e| error(format!("cannot write {}: {e}", partial.path().display())))?;
        received += read as u64;
        bar.inc(read as u64);
    }
    bar.finish_and_clear();
    if let Some(expected) = length.filter(|&expected| expected != received) {
        return Err(error(format!(
            "received {received} bytes of the {expected} announced"
        )));
    }
    if let Some(prefix) = hash_prefix {
        let digest: String = hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        if !digest.starts_with(prefix) {
            return Err(error(format!(
                "SHA-256 mismatch: the file name expects a digest starting with {prefix}, the \
                 download's is {digest}"
            )));
        }
    }
    partial
        .as_file()
        .sync_all()
        .map_err(|e| error(format!("cannot write {}: {e}", partial.path().display())))?;
    partial.persist(destination).map_err(|e| {
        error(format!(
            "cannot move it to {}: {}",
            destination.display(),
            e.error
        ))
    })?;
    Ok(())
}

/// A progress bar on stderr for a download of `length` bytes (a spinner when unknown).
fn progress_bar(length: Option<u64>, destination: &Path) -> ProgressBar {
    let name = destination
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = match length {
        Some(length) => ProgressBar::new(length).with_style(
            ProgressStyle::with_template(
                "{msg} {bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    };
    bar.set_message(format!("Downloading {name}"));
    bar
}
