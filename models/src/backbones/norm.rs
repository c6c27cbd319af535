//! Building a backbone's norm layers from its `norm_cfg`.

use registry_core::{BuildContext, BuildError, NORM_LAYERS, NormLayer};
use serde_json::{Map, Value};

/// A backbone's `norm_cfg`, building one norm layer per use with its channel count, as mmcv's
/// `build_norm_layer(norm_cfg, num_features)` does. Errors name `norm_cfg.<key>`.
pub(crate) struct Norms<'a> {
    config: &'a Value,
}

impl<'a> Norms<'a> {
    /// Checks `config` (at `key` of the context) and wraps it.
    pub fn new(config: &'a Value, key: &str, ctx: &BuildContext) -> Result<Self, BuildError> {
        let Some(map) = config.as_object() else {
            return Err(ctx.invalid(key, "expected a dict such as {\"type\": \"BN\"}"));
        };
        if map.contains_key("num_features") {
            return Err(ctx.invalid(
                key,
                "`num_features` is set by the backbone for each norm layer; remove it",
            ));
        }
        Ok(Norms { config })
    }

    /// A norm layer over `channels` channels.
    pub fn build(
        &self,
        channels: usize,
        ctx: &mut BuildContext,
    ) -> Result<Box<dyn NormLayer>, BuildError> {
        let mut defaults = Map::new();
        defaults.insert("num_features".into(), channels.into());
        ctx.build_with_defaults(&NORM_LAYERS, "norm_cfg", self.config, &defaults)
    }
}
