//! [`CheckpointCache`]: checkpoints named by URL, downloaded once into torch.hub's cache.

use std::path::{Path, PathBuf};

use super::error::CheckpointError;

/// Where checkpoints named by `http(s)://` URLs (as mmpretrain's configs name them) are kept:
/// torch.hub's layout, `$TORCH_HOME/hub/checkpoints/<file name>` (`$TORCH_HOME` defaults to
/// `$XDG_CACHE_HOME/torch`, then `~/.cache/torch`), so files PyTorch already downloaded are
/// found and not fetched again.
///
/// A download streams into a temporary file beside its destination, with a progress bar on
/// stderr, and is renamed into place only when complete and, if the file name carries a
/// SHA-256 prefix (`resnet50-0676ba61.pth`, `…_20210831-ea4938fc.pth`), when the digest starts
/// with it, as torch.hub's `check_hash`. Nothing is ever downloaded except by an explicit call
/// ([`resolve`](Self::resolve), [`fetch`](Self::fetch)).
///
/// ```
/// use checkpoints::CheckpointCache;
///
/// let cache = CheckpointCache::at("/tmp/cache/hub/checkpoints");
/// // Local paths are returned as they are; only URLs are fetched.
/// let path = cache.resolve("weights/resnet18.pth").unwrap();
/// assert_eq!(path, std::path::Path::new("weights/resnet18.pth"));
/// assert!(cache.resolve("ftp://example.org/resnet18.pth").is_err());
/// ```
#[derive(Debug, Clone)]
pub struct CheckpointCache {
    dir: PathBuf,
    progress: bool,
}

impl Default for CheckpointCache {
    /// torch.hub's cache, with a progress bar.
    fn default() -> Self {
        Self::torch_hub()
    }
}

impl CheckpointCache {
    /// torch.hub's checkpoint cache, from `$TORCH_HOME` or its defaults.
    pub fn torch_hub() -> Self {
        Self::at(torch_home().join("hub").join("checkpoints"))
    }

    /// A cache in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        CheckpointCache {
            dir: dir.into(),
            progress: true,
        }
    }

    /// Shows (the default) or hides the progress bar of downloads.
    pub fn with_progress(mut self, progress: bool) -> Self {
        self.progress = progress;
        self
    }

    /// The cache directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The local file of `checkpoint`: an `http(s)://` URL is fetched into the cache (once); a
    /// path is returned unchanged. Other URL schemes are errors.
    pub fn resolve(&self, checkpoint: &str) -> Result<PathBuf, CheckpointError> {
        if checkpoint.starts_with("http://") || checkpoint.starts_with("https://") {
            return self.fetch(checkpoint);
        }
        if let Some((scheme, _)) = checkpoint.split_once("://") {
            return Err(CheckpointError::download(
                checkpoint,
                format!("`{scheme}://` is not supported; give an http(s) URL or a file path"),
            ));
        }
        Ok(PathBuf::from(checkpoint))
    }

    /// The cached file of the `http(s)://` `url`, downloading it first if it is not cached.
    pub fn fetch(&self, url: &str) -> Result<PathBuf, CheckpointError> {
        let name = file_name(url)?;
        let destination = self.dir.join(name);
        if destination.is_file() {
            return Ok(destination);
        }
        std::fs::create_dir_all(&self.dir).map_err(|error| {
            CheckpointError::download(
                url,
                format!("cannot create the cache {}: {error}", self.dir.display()),
            )
        })?;
        download(url, &destination, hash_prefix(name), self.progress)?;
        Ok(destination)
    }
}

/// Downloads `url` into `destination`, checking `hash_prefix`.
#[cfg(feature = "download")]
fn download(
    url: &str,
    destination: &Path,
    hash_prefix: Option<&str>,
    progress: bool,
) -> Result<(), CheckpointError> {
    super::download::download(url, destination, hash_prefix, progress)
}

/// Without the `download` feature, a URL not yet in the cache is an error that says so.
#[cfg(not(feature = "download"))]
fn download(url: &str, _: &Path, _: Option<&str>, _: bool) -> Result<(), CheckpointError> {
    Err(CheckpointError::download(
        url,
        "not in the cache, and this build cannot download: enable the `download` feature of the \
         `checkpoints` crate, or download the file into the cache yourself"
            .to_owned(),
    ))
}

/// PyTorch's home: `$TORCH_HOME`, else `$XDG_CACHE_HOME/torch`, else `~/.cache/torch`.
fn torch_home() -> PathBuf {
    let home = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default()
    };
    let expand = |path: String| match path.strip_prefix("~/") {
        Some(rest) => home().join(rest),
        None => PathBuf::from(path),
    };
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    match (var("TORCH_HOME"), var("XDG_CACHE_HOME")) {
        (Some(torch), _) => expand(torch),
        (None, Some(cache)) => expand(cache).join("torch"),
        (None, None) => home().join(".cache").join("torch"),
    }
}

/// The file name a URL downloads to: its last path segment, without query or fragment.
fn file_name(url: &str) -> Result<&str, CheckpointError> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    match path
        .split_once('/')
        .map(|(_, path)| path.rsplit('/').next())
    {
        Some(Some(name)) if !name.is_empty() && name != "." && name != ".." => Ok(name),
        _ => Err(CheckpointError::download(
            url,
            "the URL names no file (its path must end with a file name)",
        )),
    }
}

/// The SHA-256 prefix a file name carries, as torch.hub reads it (`-([a-f0-9]*)\.`, first
/// match): `ea4938fc` in `resnet50_8xb32_in1k_20210831-ea4938fc.pth`.
///
/// ```
/// use checkpoints::hash_prefix;
///
/// assert_eq!(hash_prefix("resnet50-0676ba61.pth"), Some("0676ba61"));
/// assert_eq!(hash_prefix("resnet50_8xb32_in1k_20210831-ea4938fc.pth"), Some("ea4938fc"));
/// assert_eq!(hash_prefix("resnet50.pth"), None);
/// ```
pub fn hash_prefix(file_name: &str) -> Option<&str> {
    file_name.match_indices('-').find_map(|(dash, _)| {
        let rest = &file_name[dash + 1..];
        let hex = rest
            .find(|c: char| !matches!(c, 'a'..='f' | '0'..='9'))
            .unwrap_or(rest.len());
        (rest[hex..].starts_with('.') && hex > 0).then(|| &rest[..hex])
    })
}
