//! `Pretrained` checkpoints by URL: downloaded once into the cache, checked against the
//! SHA-256 prefix of their name, never left half-written; against a local HTTP server on
//! 127.0.0.1 only, which stops by itself.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use checkpoints::CheckpointCache;
use registry_core::burn::module::Module;
use registry_core::init::InitContext;
use serde_json::json;

use crate::common::{build, data, max_abs_diff, read_npy, temp_dir, tiny_config};

/// `hello world\n` and the start of its SHA-256 digest.
const HELLO: &[u8] = b"hello world\n";
const HELLO_SHA256: &str = "a948904f";

/// A server on 127.0.0.1 answering `GET /<name>` with `files[name]` (404 otherwise), for at
/// most ten seconds; its address and a count of the requests answered.
fn serve(files: Vec<(&'static str, Vec<u8>)>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(2)))
                .unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => request.extend(&buffer[..read]),
                }
            }
            let request = String::from_utf8_lossy(&request);
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let file = files.iter().find(|(name, _)| path == format!("/{name}"));
            let (status, body): (&str, &[u8]) = match file {
                Some((_, body)) => ("200 OK", body),
                None => ("404 Not Found", b"not found"),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            // Counted before answering, so that a client holding the answer sees the count.
            count.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    (address, served)
}

fn cache(dir: &Path) -> CheckpointCache {
    CheckpointCache::at(dir.join("hub/checkpoints")).with_progress(false)
}

/// The files in a directory (none if it does not exist).
fn files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_checkpoint_is_downloaded_once_checked_and_then_found_in_the_cache() {
    let name = "hello-a948904f.txt";
    let (address, served) = serve(vec![(name, HELLO.to_vec())]);
    let dir = temp_dir();
    let cache = cache(dir.path());
    let url = format!("{address}/{name}");

    let path = cache.fetch(&url).unwrap();
    assert_eq!(path, dir.path().join("hub/checkpoints").join(name));
    assert_eq!(std::fs::read(&path).unwrap(), HELLO);
    assert!(name.contains(HELLO_SHA256));
    // Found in the cache: no second request, whatever the URL's host.
    let again = cache
        .resolve(&format!("https://example.invalid/{name}"))
        .unwrap();
    assert_eq!(again, path);
    assert_eq!(served.load(Ordering::SeqCst), 1);
    assert_eq!(files(cache.dir()), [name]);
}

#[test]
fn a_wrong_digest_or_an_http_error_leaves_nothing_in_the_cache() {
    let (address, served) = serve(vec![("hello-deadbeef.txt", HELLO.to_vec())]);
    let dir = temp_dir();
    let cache = cache(dir.path());

    let error = cache
        .fetch(&format!("{address}/hello-deadbeef.txt"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("SHA-256 mismatch"), "{error}");
    assert!(
        error.contains("deadbeef") && error.contains(HELLO_SHA256),
        "{error}"
    );
    assert!(files(cache.dir()).is_empty(), "{:?}", files(cache.dir()));

    let error = cache
        .fetch(&format!("{address}/absent.pth"))
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(&format!("cannot download {address}/absent.pth")),
        "{error}"
    );
    assert!(error.contains("HTTP 404"), "{error}");
    assert!(files(cache.dir()).is_empty());
    assert_eq!(served.load(Ordering::SeqCst), 2);

    // Nothing listens on port 1; URLs without a file name are refused before any request.
    assert!(cache.fetch("http://127.0.0.1:1/resnet.pth").is_err());
    let error = cache.fetch(&format!("{address}/")).unwrap_err().to_string();
    assert!(error.contains("names no file"), "{error}");
    assert_eq!(served.load(Ordering::SeqCst), 2);
}

#[test]
fn pretrained_by_url_downloads_at_init_weights() {
    let pth = std::fs::read(data("tiny_torchvision.pth")).unwrap();
    let (address, served) = serve(vec![("tiny_torchvision.pth", pth)]);
    let dir = temp_dir();
    let mut config = tiny_config();
    config["init_cfg"] =
        json!({"type": "Pretrained", "checkpoint": format!("{address}/tiny_torchvision.pth")});
    let mut model = build(&config);
    assert_eq!(
        served.load(Ordering::SeqCst),
        0,
        "building downloads nothing"
    );

    let mut ctx = InitContext::new().with_cache(cache(dir.path()));
    model.init_weights(&mut ctx).unwrap();
    assert_eq!(served.load(Ordering::SeqCst), 1);
    assert_eq!(ctx.loaded()[0].report.key_map, "torchvision");
    let input = read_npy::<4>(&data("tiny_input.npy"));
    let logits = model.valid().forward(input);
    assert!(max_abs_diff(logits, read_npy(&data("tiny_logits.npy"))) <= 1e-4);
}

#[test]
fn the_default_cache_is_torch_hubs_layout() {
    let cache = CheckpointCache::torch_hub();
    assert!(
        cache.dir().ends_with("hub/checkpoints"),
        "{}",
        cache.dir().display()
    );
    assert!(cache.resolve("s3://bucket/resnet.pth").is_err());
}
