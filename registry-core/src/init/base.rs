//! What every initializer but `Pretrained` shares (mmengine's `BaseInit`): the `layer`s it
//! applies to, and `bias` / `bias_prob`.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Scope;
use super::context::InitContext;
use super::error::InitError;
use super::fill::{Selection, fill};
use super::layer::container_types;
use super::sampler::Sampler;
use crate::{BuildContext, BuildError};
use checkpoints::{ModuleTree, ParamSlot};

/// `layer`: one layer name, or several.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Layers {
    /// One name (`'Conv2d'`).
    One(String),
    /// Several (`['_BatchNorm', 'GroupNorm']`).
    Many(Vec<String>),
}

/// The layers and bias of an initializer, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseInit {
    /// The container types of the layers it applies to (empty: none, unless by `override`).
    pub layers: Vec<String>,
    /// The value of those layers' biases.
    pub bias: f64,
}

impl BaseInit {
    /// Resolves `layer`, `bias` and `bias_prob` (which, if given, sets the bias to
    /// `-ln((1 - p) / p)`, mmengine's `bias_init_with_prob`).
    pub fn new(
        layer: &Option<Layers>,
        bias: f64,
        bias_prob: Option<f64>,
        ctx: &BuildContext,
    ) -> Result<Self, BuildError> {
        let bias = match bias_prob {
            None => bias,
            Some(p) if p > 0.0 && p < 1.0 => -((1.0 - p) / p).ln(),
            Some(p) => {
                return Err(
                    ctx.invalid("bias_prob", format!("expected 0 < bias_prob < 1, got {p}"))
                );
            }
        };
        let names: Vec<&String> = match layer {
            None => Vec::new(),
            Some(Layers::One(name)) => vec![name],
            Some(Layers::Many(names)) => names.iter().collect(),
        };
        let layers = names
            .into_iter()
            .flat_map(|name| container_types(name))
            .collect();
        Ok(BaseInit { layers, bias })
    }

    /// Fills the weights of the selected layers by `weight` and their biases with the bias.
    pub(crate) fn fill(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &InitContext,
        weight: &dyn Fn(&ParamSlot) -> Result<Sampler, String>,
    ) -> Result<(), InitError> {
        let selection = Selection {
            layers: &self.layers,
            scope,
        };
        fill(module, &selection, weight, Sampler::Constant(self.bias)).map_err(|message| {
            InitError::Invalid {
                path: ctx.path().clone(),
                message,
            }
        })
    }
}

/// A positive, finite value for `key`.
pub(crate) fn positive(value: f64, key: &str, ctx: &BuildContext) -> Result<f64, BuildError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(ctx.invalid(key, format!("expected a finite {key} > 0, got {value}")))
    }
}

/// Declares an initializer's config: mmengine's `BaseInit` keys (`layer`, `bias`,
/// `bias_prob`), then the given fields, and `base()` resolving the shared keys.
macro_rules! init_config {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, ::serde::Deserialize, ::schemars::JsonSchema)]
        pub struct $name {
            /// The layers to initialise: PyTorch class names (`Conv2d`, `Linear`,
            /// `_BatchNorm`, `GroupNorm`, `LayerNorm`) or Burn module type names.
            #[serde(default)]
            pub layer: Option<$crate::init::Layers>,
            /// The value the matched layers' biases are set to.
            #[serde(default)]
            pub bias: f64,
            /// Sets the bias so that a sigmoid of it is this prior probability.
            #[serde(default)]
            pub bias_prob: Option<f64>,
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The shared keys, resolved.
            fn base(
                &self,
                ctx: &$crate::BuildContext,
            ) -> Result<$crate::init::BaseInit, $crate::BuildError> {
                $crate::init::BaseInit::new(&self.layer, self.bias, self.bias_prob, ctx)
            }
        }
    };
}

pub(crate) use init_config;
