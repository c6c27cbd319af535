//! [`LoadOptions`]: strictness and key maps of a load.

use super::key_map::KeyMap;

/// How a checkpoint loads: strictly (the default) or not, and the key maps its names may
/// follow.
///
/// With several key maps, the one under which the most of the model's parameters find a
/// checkpoint key is used, so one call loads a torchvision or an mmpretrain checkpoint alike.
///
/// ```
/// use checkpoints::{KeyMap, LoadOptions};
///
/// let options = LoadOptions::new()
///     .strict(false)
///     .key_maps([KeyMap::pytorch(), KeyMap::pytorch().flatten("Classifier", "head")]);
/// assert!(!options.is_strict());
/// assert_eq!(options.candidates().len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct LoadOptions {
    strict: bool,
    key_maps: Vec<KeyMap>,
}

impl Default for LoadOptions {
    /// Strict, with PyTorch's names for Burn's layers ([`KeyMap::pytorch`]).
    fn default() -> Self {
        LoadOptions {
            strict: true,
            key_maps: vec![KeyMap::pytorch()],
        }
    }
}

impl LoadOptions {
    /// Strict, with PyTorch's names for Burn's layers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Strict (`true`): any missing key, unexpected key or shape mismatch is an error and
    /// nothing is loaded. Not strict: every tensor that fits is loaded, and the report says
    /// what did not (PyTorch's `load_state_dict(strict=False)`).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The key maps the checkpoint's names may follow, best match first on ties.
    pub fn key_maps(mut self, key_maps: impl IntoIterator<Item = KeyMap>) -> Self {
        self.key_maps = key_maps.into_iter().collect();
        self
    }

    /// Whether loading is strict.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The key maps tried.
    pub fn candidates(&self) -> &[KeyMap] {
        &self.key_maps
    }
}
