//! `Pretrained`: weights from a checkpoint (mmengine's `PretrainedInit`).

use schemars::JsonSchema;
use serde::Deserialize;

use super::context::{InitContext, PretrainedLoad};
use super::error::InitError;
use super::{Scope, WeightInit};
use crate::{BuildContext, BuildError, Buildable, WEIGHT_INITIALIZERS, register_module};
use checkpoints::{Checkpoint, CheckpointError, ModuleTree};

/// The config of `Pretrained`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct PretrainedConfig {
    /// A checkpoint file, or an `http(s)://` URL downloaded once into torch.hub's cache.
    pub checkpoint: String,
    /// Load only the keys under this prefix, without it (`backbone.`).
    #[serde(default)]
    pub prefix: Option<String>,
    /// Accepted for mmengine configs: tensors always load onto the module's own device.
    #[serde(default)]
    pub map_location: Option<String>,
}

/// Loads a checkpoint into the module whose `init_cfg` it is, when the model's weights are
/// initialised (never when it is built):
/// `dict(type='Pretrained', checkpoint='https://…/resnet50_8xb32_in1k_20210831-ea4938fc.pth',
/// prefix='backbone.')`.
///
/// As mmengine's, loading is not strict unless the [`InitContext`] says so: what fits is
/// loaded and the report is kept in [`InitContext::loaded`].
#[register_module(WEIGHT_INITIALIZERS, name = "Pretrained")]
#[derive(Debug, Clone)]
pub struct PretrainedInit {
    checkpoint: String,
    prefix: Option<String>,
}

impl Buildable for PretrainedInit {
    type Config = PretrainedConfig;

    fn build(config: PretrainedConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.checkpoint.is_empty() {
            return Err(ctx.invalid("checkpoint", "expected a file path or URL"));
        }
        Ok(PretrainedInit {
            checkpoint: config.checkpoint,
            prefix: config.prefix.filter(|prefix| !prefix.is_empty()),
        })
    }
}

impl PretrainedInit {
    /// Fetches, opens and selects the checkpoint.
    fn open(&self, ctx: &InitContext) -> Result<Checkpoint, CheckpointError> {
        let path = ctx.cache().resolve(&self.checkpoint)?;
        let checkpoint = Checkpoint::open(path)?;
        match &self.prefix {
            Some(prefix) => checkpoint.select_prefix(prefix),
            None => Ok(checkpoint),
        }
    }
}

impl WeightInit for PretrainedInit {
    fn init(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &mut InitContext,
    ) -> Result<(), InitError> {
        if let Scope::Child(child) = scope {
            return Err(InitError::Invalid {
                path: ctx.path().clone(),
                message: format!(
                    "`Pretrained` cannot be an `override` (of `{child}`): give the child's own \
                     init_cfg, or use `prefix`"
                ),
            });
        }
        let error = |source, ctx: &InitContext| InitError::Checkpoint {
            path: ctx.path().clone(),
            source,
        };
        let checkpoint = self.open(ctx).map_err(|source| error(source, ctx))?;
        let report = checkpoint
            .load_tree(module, &ctx.load_options())
            .map_err(|source| error(source, ctx))?;
        ctx.record(PretrainedLoad {
            at: ctx.path().clone(),
            checkpoint: self.checkpoint.clone(),
            report,
        });
        Ok(())
    }
}
