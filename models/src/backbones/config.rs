//! The config keys every member of the ResNet family takes, and [`resnet_config!`], which
//! declares a variant's config with those keys and its own.
//!
//! The shared keys are spelled out in each config struct rather than `#[serde(flatten)]`ed:
//! flattening loses the key path of deserialisation errors (`strides.1: invalid type …`).

use serde_json::{Value, json};

use super::arch::Style;

/// The keys every member of the ResNet family takes (mmpretrain's `ResNet.__init__`), read
/// off a variant's config; see [`ResNetConfig`](super::ResNetConfig) for each key.
#[derive(Debug, Clone)]
pub struct ResNetArgs {
    pub depth: usize,
    pub in_channels: usize,
    pub stem_channels: usize,
    pub base_channels: usize,
    pub expansion: Option<usize>,
    pub num_stages: usize,
    pub strides: Vec<usize>,
    pub dilations: Vec<usize>,
    pub out_indices: Vec<i64>,
    pub style: Style,
    pub frozen_stages: i64,
    pub conv_cfg: Option<Value>,
    pub norm_cfg: Value,
    pub norm_eval: bool,
    pub with_cp: bool,
    pub zero_init_residual: bool,
    pub init_cfg: Option<Value>,
    pub drop_path_rate: f64,
}

pub(crate) fn default_in_channels() -> usize {
    3
}

pub(crate) fn default_channels() -> usize {
    64
}

pub(crate) fn default_num_stages() -> usize {
    4
}

pub(crate) fn default_strides() -> Vec<usize> {
    vec![1, 2, 2, 2]
}

pub(crate) fn default_dilations() -> Vec<usize> {
    vec![1, 1, 1, 1]
}

pub(crate) fn default_out_indices() -> Vec<i64> {
    vec![3]
}

pub(crate) fn default_frozen_stages() -> i64 {
    -1
}

pub(crate) fn default_norm_cfg() -> Value {
    json!({"type": "BN", "requires_grad": true})
}

pub(crate) fn yes() -> bool {
    true
}

/// Declares a config struct holding the shared ResNet keys (with mmpretrain's defaults),
/// followed by the given fields, and its `args()` returning the shared keys as
/// [`ResNetArgs`].
macro_rules! resnet_config {
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
            /// Network depth: 18, 34, 50, 101 or 152 (50, 101, 152 for ResNeXt and SEResNet).
            pub depth: usize,
            /// Channels of the input images.
            #[serde(default = "crate::backbones::config::default_in_channels")]
            pub in_channels: usize,
            /// Output channels of the stem.
            #[serde(default = "crate::backbones::config::default_channels")]
            pub stem_channels: usize,
            /// Middle channels of the first stage; stage `i` has `base_channels × 2^i`.
            #[serde(default = "crate::backbones::config::default_channels")]
            pub base_channels: usize,
            /// Output over middle channels of a block: 1 for BasicBlock, 4 for Bottleneck by
            /// default.
            #[serde(default)]
            pub expansion: Option<usize>,
            /// Number of stages, 1 to 4.
            #[serde(default = "crate::backbones::config::default_num_stages")]
            pub num_stages: usize,
            /// Stride of each stage's first block; one per stage.
            #[serde(default = "crate::backbones::config::default_strides")]
            pub strides: Vec<usize>,
            /// Dilation of each stage; one per stage.
            #[serde(default = "crate::backbones::config::default_dilations")]
            pub dilations: Vec<usize>,
            /// The stages whose outputs the backbone returns (in stage order); negative
            /// indices count from the last stage.
            #[serde(default = "crate::backbones::config::default_out_indices")]
            pub out_indices: Vec<i64>,
            /// `pytorch`: a Bottleneck strides in its 3×3 convolution; `caffe`: in its first
            /// 1×1.
            #[serde(default)]
            pub style: crate::backbones::Style,
            /// Stages to freeze (no gradients, norm layers in eval mode), the stem being stage
            /// 0; -1 freezes nothing.
            #[serde(default = "crate::backbones::config::default_frozen_stages")]
            pub frozen_stages: i64,
            /// Convolution layer config; only `None` (or `dict(type='Conv2d')`) is supported.
            #[serde(default)]
            pub conv_cfg: Option<::serde_json::Value>,
            /// Norm layer config, from NORM_LAYERS.
            #[serde(default = "crate::backbones::config::default_norm_cfg")]
            #[schemars(extend("x-registry" = "NORM_LAYERS"))]
            pub norm_cfg: ::serde_json::Value,
            /// Keep BatchNorm statistics fixed (eval mode) while training.
            #[serde(default)]
            pub norm_eval: bool,
            /// Gradient checkpointing; not supported (`True` is an error).
            #[serde(default)]
            pub with_cp: bool,
            /// Zero the last norm weight of every block, so that blocks start as identities.
            #[serde(default = "crate::backbones::config::yes")]
            pub zero_init_residual: bool,
            /// Initialisation config, applied by `init_weights`; mmpretrain's default
            /// (Kaiming convolutions, unit norms) is applied when the backbone is built.
            #[serde(default)]
            pub init_cfg: Option<::serde_json::Value>,
            /// Stochastic depth: the largest drop-path rate, reached linearly by the last
            /// block.
            #[serde(default)]
            pub drop_path_rate: f64,
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The shared keys.
            pub fn args(&self) -> crate::backbones::ResNetArgs {
                crate::backbones::ResNetArgs {
                    depth: self.depth,
                    in_channels: self.in_channels,
                    stem_channels: self.stem_channels,
                    base_channels: self.base_channels,
                    expansion: self.expansion,
                    num_stages: self.num_stages,
                    strides: self.strides.clone(),
                    dilations: self.dilations.clone(),
                    out_indices: self.out_indices.clone(),
                    style: self.style,
                    frozen_stages: self.frozen_stages,
                    conv_cfg: self.conv_cfg.clone(),
                    norm_cfg: self.norm_cfg.clone(),
                    norm_eval: self.norm_eval,
                    with_cp: self.with_cp,
                    zero_init_residual: self.zero_init_residual,
                    init_cfg: self.init_cfg.clone(),
                    drop_path_rate: self.drop_path_rate,
                }
            }
        }
    };
}

pub(crate) use resnet_config;
