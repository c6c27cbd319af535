//! The state carried through one (possibly nested) build: device, key path, default scope.

use burn::tensor::Device;
use serde_json::Value;

use crate::error::{BuildError, BuildErrorKind};
use crate::registry::Registry;
use crate::size::SizeLimits;
use config_keypath::{KeyPath, Segment};

/// How deep configs may nest (`model.backbone.…`) before a build gives up.
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// The state of one build: the device parameters are created on, where in the config the build
/// is, and the default scope for bare names.
///
/// A parent builds its children through the context, so that their errors carry the full path:
///
/// ```
/// use registry_core::{BuildContext, KeyPath};
///
/// let mut ctx = BuildContext::default().at(KeyPath::root().key("model"));
/// let error = ctx.nested("backbone", |ctx| ctx.invalid("depth", "expected one of 18, 34, got 51"));
/// assert_eq!(error.to_string(), "model.backbone.depth: expected one of 18, 34, got 51");
/// ```
#[derive(Debug, Clone)]
pub struct BuildContext {
    device: Device,
    path: KeyPath,
    scope: Option<String>,
    depth: usize,
    max_depth: usize,
    size_limits: SizeLimits,
    declared: u64,
}

impl Default for BuildContext {
    /// Builds on the Flex CPU device, at the root, with no default scope.
    fn default() -> Self {
        Self::new(Device::flex())
    }
}

impl BuildContext {
    /// A context building on `device`.
    pub fn new(device: Device) -> Self {
        Self {
            device,
            path: KeyPath::root(),
            scope: None,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            size_limits: SizeLimits::default(),
            declared: 0,
        }
    }

    /// Places the built config at `path` in a larger config, so errors read `model.backbone…`.
    pub fn at(mut self, path: KeyPath) -> Self {
        self.path = path;
        self
    }

    /// Sets the default scope: bare names resolve to its entries first.
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// Sets how deep configs may nest.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Sets the limits on widths and on the tensor elements a build declares.
    pub fn with_size_limits(mut self, size_limits: SizeLimits) -> Self {
        self.size_limits = size_limits;
        self
    }

    /// The limits on widths and tensor elements.
    pub fn size_limits(&self) -> SizeLimits {
        self.size_limits
    }

    /// The tensor elements [declared](Self::declare) so far.
    pub fn declared(&self) -> u64 {
        self.declared
    }

    pub(crate) fn set_declared(&mut self, declared: u64) {
        self.declared = declared;
    }

    /// The device parameters are created on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Where in the config the build is.
    pub fn path(&self) -> &KeyPath {
        &self.path
    }

    /// The default scope, if any.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// Builds the child config under `key` through `registry`.
    pub fn build<P>(
        &mut self,
        registry: &Registry<P>,
        key: impl Into<Segment>,
        config: &Value,
    ) -> Result<P, BuildError> {
        self.nested(key, |ctx| registry.build_in(config, ctx))
    }

    /// Builds the child config under `key` through `registry`, with `defaults` filling the keys
    /// the config leaves out (mmengine's `default_args`).
    pub fn build_with_defaults<P>(
        &mut self,
        registry: &Registry<P>,
        key: impl Into<Segment>,
        config: &Value,
        defaults: &serde_json::Map<String, Value>,
    ) -> Result<P, BuildError> {
        self.nested(key, |ctx| {
            registry.build_with_defaults_in(config, defaults, ctx)
        })
    }

    /// Runs `f` one level down, under `key`.
    pub fn nested<R>(&mut self, key: impl Into<Segment>, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(key.into());
        let result = f(self);
        self.path.pop();
        result
    }

    /// An invalid-value error for `key` of the config being built.
    pub fn invalid(&self, key: impl Into<Segment>, message: impl Into<String>) -> BuildError {
        let mut path = self.path.clone();
        path.push(key.into());
        BuildError::invalid(path, message)
    }

    /// An invalid-value error for the config being built as a whole.
    pub fn invalid_here(&self, message: impl Into<String>) -> BuildError {
        BuildError::invalid(self.path.clone(), message)
    }

    /// Enters one nesting level of configs, with `scope` (from `_scope_`) as default scope if
    /// given; runs `f`; restores.
    pub(crate) fn descend<R>(
        &mut self,
        scope: Option<&str>,
        f: impl FnOnce(&mut Self) -> Result<R, BuildError>,
    ) -> Result<R, BuildError> {
        if self.depth >= self.max_depth {
            return Err(BuildError::new(
                self.path.clone(),
                BuildErrorKind::TooDeep {
                    limit: self.max_depth,
                },
            ));
        }
        let saved = match scope {
            Some(scope) => Some(self.scope.replace(scope.to_owned())),
            None => None,
        };
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        if let Some(saved) = saved {
            self.scope = saved;
        }
        result
    }
}
