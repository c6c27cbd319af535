//! [`InitContext`]: what an `init_weights` call carries down the model.

use checkpoints::{CheckpointCache, KeyMap, LoadOptions, LoadReport};
use config_keypath::{KeyPath, Segment};

/// A checkpoint a `Pretrained` initializer loaded, and how it fitted.
#[derive(Debug, Clone)]
pub struct PretrainedLoad {
    /// Where the `init_cfg` was (`backbone.init_cfg`).
    pub at: KeyPath,
    /// The checkpoint, as the config names it (a path or URL).
    pub checkpoint: String,
    /// What it gave the module.
    pub report: LoadReport,
}

/// The state of one `init_weights` call: where checkpoints are cached, the key maps their
/// names may follow, strictness, the config path reached, and the checkpoints loaded so far.
///
/// `Pretrained` loads as mmengine's (`strict=False`): what fits is loaded, and the report of
/// each load is kept in [`loaded`](Self::loaded). Set [`strict`](Self::strict) to refuse any
/// mismatch instead.
#[derive(Debug, Clone)]
pub struct InitContext {
    cache: CheckpointCache,
    key_maps: Vec<KeyMap>,
    strict: bool,
    path: KeyPath,
    loaded: Vec<PretrainedLoad>,
}

impl Default for InitContext {
    /// torch.hub's cache, PyTorch's names for Burn's layers, not strict.
    fn default() -> Self {
        InitContext {
            cache: CheckpointCache::torch_hub(),
            key_maps: vec![KeyMap::pytorch()],
            strict: false,
            path: KeyPath::root(),
            loaded: Vec::new(),
        }
    }
}

impl InitContext {
    /// torch.hub's cache, PyTorch's names for Burn's layers, not strict.
    pub fn new() -> Self {
        Self::default()
    }

    /// Caches downloads in `cache`.
    pub fn with_cache(mut self, cache: CheckpointCache) -> Self {
        self.cache = cache;
        self
    }

    /// Loads `Pretrained` checkpoints strictly.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Adds key maps `Pretrained` checkpoints may follow (those already known are kept; one of
    /// the same name is not added twice). Models add their own when initialising.
    pub fn add_key_maps(&mut self, key_maps: impl IntoIterator<Item = KeyMap>) {
        for map in key_maps {
            if !self.key_maps.iter().any(|known| known.name() == map.name()) {
                self.key_maps.push(map);
            }
        }
    }

    /// The download cache.
    pub fn cache(&self) -> &CheckpointCache {
        &self.cache
    }

    /// The options `Pretrained` loads with.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions::new()
            .strict(self.strict)
            .key_maps(self.key_maps.iter().cloned())
    }

    /// Where in the model's config the call is (`backbone`).
    pub fn path(&self) -> &KeyPath {
        &self.path
    }

    /// Runs `f` one level down, under the config key `key` (`backbone`).
    pub fn nested<R>(&mut self, key: impl Into<Segment>, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(key.into());
        let result = f(self);
        self.path.pop();
        result
    }

    /// Sets the path, returning the previous one.
    pub(crate) fn replace_path(&mut self, path: KeyPath) -> KeyPath {
        std::mem::replace(&mut self.path, path)
    }

    /// Records a checkpoint load.
    pub(crate) fn record(&mut self, load: PretrainedLoad) {
        self.loaded.push(load);
    }

    /// The checkpoints `Pretrained` initializers loaded, in order.
    pub fn loaded(&self) -> &[PretrainedLoad] {
        &self.loaded
    }
}
