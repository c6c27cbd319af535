//! Weight initialisation from `init_cfg`, as mmengine's: the [`WEIGHT_INITIALIZERS`](crate::WEIGHT_INITIALIZERS)
//! registry and how an `init_cfg` (a dict, or a list of dicts) applies to a module tree.
//!
//! | `type` | initializer | arguments (mmengine's, and their defaults) |
//! |---|---|---|
//! | `Kaiming` | [`KaimingInit`] | `a=0`, `mode='fan_out'`, `nonlinearity='relu'`, `distribution='normal'` |
//! | `Xavier` | [`XavierInit`] | `gain=1`, `distribution='normal'` |
//! | `Normal` | [`NormalInit`] | `mean=0`, `std=1` |
//! | `TruncNormal` | [`TruncNormalInit`] | `mean=0`, `std=1`, `a=-2`, `b=2` |
//! | `Uniform` | [`UniformInit`] | `a=0`, `b=1` |
//! | `Constant` | [`ConstantInit`] | `val` |
//! | `Pretrained` | [`PretrainedInit`] | `checkpoint`, `prefix=None`, `map_location` |
//!
//! All but `Pretrained` also take `layer` (the layers they apply to: PyTorch class names such
//! as `Conv2d`, `Linear`, `BatchNorm2d`, `_BatchNorm`, `GroupNorm`, `LayerNorm`, matched to
//! Burn's layer types, or Burn module type names), `bias` (the value of those layers' biases)
//! and `bias_prob`. An `override` entry (`dict(name='fc', type='Normal', std=0.01)`) applies to
//! the named child as a whole. Weights are the parameters PyTorch calls `weight` (Burn's norm
//! layers: `gamma`), biases those it calls `bias` (`beta`); running statistics are left alone.
//!
//! Models apply their `init_cfg`s in mmengine's order with [`init_module`]: a module's own
//! entries, then its children's `init_weights`, then its own `Pretrained` entries. Values are
//! drawn lazily: a parameter not yet initialised stays so until first used.
//!
//! ```
//! use registry_core::burn::{module::Module, nn::conv::{Conv2d, Conv2dConfig}, tensor::Device};
//! use registry_core::init::{InitContext, initialize};
//! use serde_json::json;
//! # registry_core::link!(registry_core);
//!
//! #[derive(Module, Debug)]
//! struct Stem {
//!     conv: Conv2d,
//! }
//!
//! let mut stem = Stem { conv: Conv2dConfig::new([3, 64], [7, 7]).init(&Device::flex()) };
//! let init_cfg = json!([
//!     {"type": "Kaiming", "layer": "Conv2d", "mode": "fan_in"},
//!     {"type": "Constant", "val": 0.0, "override": {"name": "conv"}},
//! ]);
//! initialize(&mut stem, &init_cfg, &mut InitContext::new())?;
//! assert_eq!(stem.conv.weight.val().abs().max().into_scalar::<f32>(), 0.0);
//!
//! let typo = json!({"type": "Kaiming", "mode": "fan_middle"});
//! let error = initialize(&mut stem, &typo, &mut InitContext::new()).unwrap_err();
//! assert!(error.to_string().starts_with("init_cfg.mode: unknown variant `fan_middle`"));
//! # Ok::<(), registry_core::init::InitError>(())
//! ```

mod apply;
mod base;
mod constant;
mod context;
mod error;
mod fan;
mod fill;
mod kaiming;
mod layer;
mod normal;
mod pretrained;
mod sampler;
mod trunc_normal;
mod uniform;
mod xavier;

pub use apply::{check_init_cfg, has_pretrained, init_module, initialize};
pub use base::{BaseInit, Layers};
pub use constant::{ConstantConfig, ConstantInit};
pub use context::{InitContext, PretrainedLoad};
pub use error::InitError;
pub use fan::{FanMode, ScaledDistribution};
pub use kaiming::{KaimingConfig, KaimingInit};
pub use layer::container_types;
pub use normal::{NormalConfig, NormalInit};
pub use pretrained::{PretrainedConfig, PretrainedInit};
pub use sampler::Sampler;
pub use trunc_normal::{TruncNormalConfig, TruncNormalInit};
pub use uniform::{UniformConfig, UniformInit};
pub use xavier::{XavierConfig, XavierInit};

use checkpoints::ModuleTree;

/// Which parameters an initializer applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The layers its `layer` names.
    Layers,
    /// Every layer of the module's child of this name (an `override`; mmengine's
    /// `wholemodule`).
    Child(&'a str),
}

/// A weight initializer of [`WEIGHT_INITIALIZERS`](crate::WEIGHT_INITIALIZERS), built from
/// one `init_cfg` dict (without its `override`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a weight initializer: entries of WEIGHT_INITIALIZERS must implement `registry_core::init::WeightInit`",
    label = "`{Self}` does not implement `WeightInit`"
)]
pub trait WeightInit: Send + Sync + std::fmt::Debug + 'static {
    /// Initialises the parameters of `module` in `scope`. Errors name `ctx.path()`.
    fn init(
        &self,
        module: &mut dyn ModuleTree,
        scope: Scope<'_>,
        ctx: &mut InitContext,
    ) -> Result<(), InitError>;
}

impl<T: WeightInit> crate::Upcast<T> for Box<dyn WeightInit> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}
