//! Activations for `act_cfg`, as mmcv registers them, in
//! [`ACTIVATIONS`](crate::ACTIVATIONS) as Burn's own activation types.
//!
//! | name (aliases) | layer | keys |
//! |---|---|---|
//! | `ReLU` | [`Relu`] | `inplace` |
//! | `LeakyReLU` | [`LeakyRelu`] | `negative_slope` (0.01), `inplace` |
//! | `ReLU6` | [`Relu6`] | `inplace` |
//! | `PReLU` | [`PRelu`] | `num_parameters` (1), `init` (0.25) |
//! | `ELU` | [`Elu`] | `alpha` (1.0), `inplace` |
//! | `Sigmoid` | [`Sigmoid`] | |
//! | `Tanh` | [`Tanh`] | |
//! | `GELU` | [`Gelu`] | `approximate` (`'none'` or `'tanh'`) |
//! | `SiLU` (`Swish`) | [`SiLU`] | `inplace` |
//! | `HSigmoid` | [`HardSigmoid`] | `bias` (3.0), `divisor` (6.0), `min_value` (0.0), `max_value` (1.0) |
//! | `HSwish` | [`HardSwish`] | `inplace` |
//!
//! `inplace` is accepted and has no effect: it only saves memory in PyTorch, and Burn manages
//! buffers itself. mmcv's `HSigmoid` computes `clamp((x + bias) / divisor, min_value,
//! max_value)`; Burn's hard sigmoid clamps to `[0, 1]`, so other bounds are errors.
//!
//! ```
//! use registry_core::ACTIVATIONS;
//! use registry_core::burn::tensor::{Device, Tensor};
//! use serde_json::json;
//! # registry_core::link!(registry_core);
//!
//! let act = ACTIVATIONS.build(&json!({"type": "LeakyReLU", "negative_slope": 0.1})).unwrap();
//! let x = Tensor::<4>::from_data([[[[-1.0f32, 2.0]]]], &Device::flex());
//! let y: Vec<f32> = act.forward(x).into_data().to_vec().unwrap();
//! assert_eq!(y, [-0.1, 2.0]);
//! ```

use burn::nn::activation::{HardSwish, Relu6, SiLU};
use burn::nn::{
    Elu, EluConfig, Gelu, HardSigmoid, HardSigmoidConfig, LeakyRelu, LeakyReluConfig, PRelu,
    PReluConfig, Relu, Sigmoid, Tanh,
};
use burn::tensor::Tensor;
use schemars::JsonSchema;
use serde::Deserialize;

use super::macros::register;
use crate::{Activation, BuildContext, BuildError, Buildable};

/// The config of activations with no arguments but PyTorch's `inplace`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct InplaceArgs {
    /// Accepted for mmcv configs; no effect in Burn.
    #[serde(default)]
    pub inplace: bool,
}

/// The config of activations without arguments.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct NoArgs {}

/// The config of `LeakyReLU`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct LeakyReluArgs {
    /// The slope for negative inputs.
    #[serde(default = "default_negative_slope")]
    pub negative_slope: f64,
    /// Accepted for mmcv configs; no effect in Burn.
    #[serde(default)]
    pub inplace: bool,
}

/// The config of `PReLU`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct PReluArgs {
    /// Learnable slopes: 1, or one per channel.
    #[serde(default = "one")]
    pub num_parameters: usize,
    /// The slopes' initial value.
    #[serde(default = "default_prelu_init")]
    pub init: f64,
}

/// The config of `ELU`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct EluArgs {
    /// The value ELU saturates to for negative inputs, negated.
    #[serde(default = "default_elu_alpha")]
    pub alpha: f64,
    /// Accepted for mmcv configs; no effect in Burn.
    #[serde(default)]
    pub inplace: bool,
}

/// The config of `GELU`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct GeluArgs {
    /// `'none'` (the exact GELU) or `'tanh'` (its tanh approximation).
    #[serde(default = "default_approximate")]
    pub approximate: String,
}

/// The config of `HSigmoid`: `clamp((x + bias) / divisor, min_value, max_value)`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct HSigmoidArgs {
    /// Added to the input.
    #[serde(default = "default_hsigmoid_bias")]
    pub bias: f64,
    /// Divides the shifted input; not zero.
    #[serde(default = "default_hsigmoid_divisor")]
    pub divisor: f64,
    /// Lower bound; only 0 is supported.
    #[serde(default)]
    pub min_value: f64,
    /// Upper bound; only 1 is supported.
    #[serde(default = "default_hsigmoid_max")]
    pub max_value: f64,
}

fn default_negative_slope() -> f64 {
    0.01
}

fn one() -> usize {
    1
}

fn default_prelu_init() -> f64 {
    0.25
}

fn default_elu_alpha() -> f64 {
    1.0
}

fn default_approximate() -> String {
    "none".into()
}

fn default_hsigmoid_bias() -> f64 {
    3.0
}

fn default_hsigmoid_divisor() -> f64 {
    6.0
}

fn default_hsigmoid_max() -> f64 {
    1.0
}

fn finite(key: &str, value: f64, ctx: &BuildContext) -> Result<f64, BuildError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ctx.invalid(key, format!("expected a finite number, got {value}")))
    }
}

/// Implements `Buildable` and `Activation` for a Burn activation without arguments.
macro_rules! plain_activation {
    ($ty:ty, $config:ty) => {
        impl Buildable for $ty {
            type Config = $config;

            fn build(_: $config, _: &mut BuildContext) -> Result<Self, BuildError> {
                Ok(<$ty>::new())
            }
        }

        impl Activation for $ty {
            fn forward(&self, x: Tensor<4>) -> Tensor<4> {
                <$ty>::forward(self, x)
            }
        }
    };
}

plain_activation!(Relu, InplaceArgs);
plain_activation!(Relu6, InplaceArgs);
plain_activation!(SiLU, InplaceArgs);
plain_activation!(HardSwish, InplaceArgs);
plain_activation!(Sigmoid, NoArgs);
plain_activation!(Tanh, NoArgs);

/// Implements `Activation` for a Burn activation by its inherent `forward`.
macro_rules! forward_activation {
    ($ty:ty) => {
        impl Activation for $ty {
            fn forward(&self, x: Tensor<4>) -> Tensor<4> {
                <$ty>::forward(self, x)
            }
        }
    };
}

forward_activation!(LeakyRelu);
forward_activation!(PRelu);
forward_activation!(Elu);
forward_activation!(Gelu);
forward_activation!(HardSigmoid);

impl Buildable for LeakyRelu {
    type Config = LeakyReluArgs;

    fn build(config: LeakyReluArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let slope = finite("negative_slope", config.negative_slope, ctx)?;
        Ok(LeakyReluConfig::new().with_negative_slope(slope).init())
    }
}

impl Buildable for PRelu {
    type Config = PReluArgs;

    fn build(config: PReluArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.num_parameters == 0 {
            return Err(ctx.invalid("num_parameters", "expected at least one parameter, got 0"));
        }
        let init = finite("init", config.init, ctx)?;
        Ok(PReluConfig::new()
            .with_num_parameters(config.num_parameters)
            .with_alpha(init)
            .init(ctx.device()))
    }
}

impl Buildable for Elu {
    type Config = EluArgs;

    fn build(config: EluArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let alpha = finite("alpha", config.alpha, ctx)?;
        Ok(EluConfig::new().with_alpha(alpha).init())
    }
}

impl Buildable for Gelu {
    type Config = GeluArgs;

    fn build(config: GeluArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        match config.approximate.as_str() {
            "none" => Ok(Gelu::new()),
            "tanh" => Ok(Gelu::new_approximate()),
            other => Err(ctx.invalid(
                "approximate",
                format!("expected 'none' or 'tanh', got '{other}'"),
            )),
        }
    }
}

impl Buildable for HardSigmoid {
    type Config = HSigmoidArgs;

    fn build(config: HSigmoidArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let bias = finite("bias", config.bias, ctx)?;
        let divisor = finite("divisor", config.divisor, ctx)?;
        if divisor == 0.0 {
            return Err(ctx.invalid("divisor", "expected a non-zero divisor, got 0"));
        }
        if config.min_value != 0.0 {
            return Err(ctx.invalid(
                "min_value",
                format!(
                    "only min_value=0 is supported (Burn's hard sigmoid clamps to [0, 1]), got {}",
                    config.min_value
                ),
            ));
        }
        if config.max_value != 1.0 {
            return Err(ctx.invalid(
                "max_value",
                format!(
                    "only max_value=1 is supported (Burn's hard sigmoid clamps to [0, 1]), got {}",
                    config.max_value
                ),
            ));
        }
        // clamp((x + bias) / divisor, 0, 1) = clamp(alpha * x + beta, 0, 1).
        Ok(HardSigmoidConfig::new()
            .with_alpha(1.0 / divisor)
            .with_beta(bias / divisor)
            .init())
    }
}

register!(
    ACTIVATIONS,
    Relu,
    "burn::nn::Relu",
    name = "ReLU",
    aliases = [],
    doc = "Rectified linear unit.",
);

register!(
    ACTIVATIONS,
    LeakyRelu,
    "burn::nn::LeakyRelu",
    name = "LeakyReLU",
    aliases = [],
    doc = "Leaky ReLU, with slope `negative_slope` below zero.",
);

register!(
    ACTIVATIONS,
    Relu6,
    "burn::nn::activation::Relu6",
    name = "ReLU6",
    aliases = [],
    doc = "ReLU clamped at 6.",
);

register!(
    ACTIVATIONS,
    PRelu,
    "burn::nn::PRelu",
    name = "PReLU",
    aliases = [],
    doc = "ReLU with learnable negative slopes.",
);

register!(
    ACTIVATIONS,
    Elu,
    "burn::nn::Elu",
    name = "ELU",
    aliases = [],
    doc = "Exponential linear unit.",
);

register!(
    ACTIVATIONS,
    Sigmoid,
    "burn::nn::Sigmoid",
    name = "Sigmoid",
    aliases = [],
    doc = "The logistic sigmoid.",
);

register!(
    ACTIVATIONS,
    Tanh,
    "burn::nn::Tanh",
    name = "Tanh",
    aliases = [],
    doc = "Hyperbolic tangent.",
);

register!(
    ACTIVATIONS,
    Gelu,
    "burn::nn::Gelu",
    name = "GELU",
    aliases = [],
    doc = "Gaussian error linear unit, exact or tanh-approximated.",
);

register!(
    ACTIVATIONS,
    SiLU,
    "burn::nn::activation::SiLU",
    name = "SiLU",
    aliases = ["Swish"],
    doc = "Sigmoid-weighted linear unit, `x * sigmoid(x)` (mmcv's `Swish` too).",
);

register!(
    ACTIVATIONS,
    HardSigmoid,
    "burn::nn::HardSigmoid",
    name = "HSigmoid",
    aliases = [],
    doc = "Hard sigmoid, `clamp((x + 3) / 6, 0, 1)` by default.",
);

register!(
    ACTIVATIONS,
    HardSwish,
    "burn::nn::activation::HardSwish",
    name = "HSwish",
    aliases = [],
    doc = "Hard swish, `x * relu6(x + 3) / 6`.",
);
