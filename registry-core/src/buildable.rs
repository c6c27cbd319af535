//! The two traits a registered type meets: it has a config ([`Buildable`]), and it can become
//! what its registry holds ([`Upcast`]).

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::context::BuildContext;
use crate::error::BuildError;

/// A type built from a config: its config type, and how to build it.
///
/// The config is plain serde: `#[serde(default = …)]` for mmengine-style default arguments, and
/// `#[derive(JsonSchema)]` so that editors and `mmreg show` know every key. Do not add
/// `#[serde(deny_unknown_fields)]`: the registry checks keys itself, skipping `type` and
/// `_scope_`, and lists the valid ones in its error.
///
/// ```
/// use registry_core::{BuildContext, BuildError, Buildable};
/// use serde::Deserialize;
///
/// struct Dropout {
///     prob: f64,
/// }
///
/// #[derive(Deserialize, schemars::JsonSchema)]
/// struct DropoutConfig {
///     #[serde(default = "half")]
///     prob: f64,
/// }
/// fn half() -> f64 {
///     0.5
/// }
///
/// impl Buildable for Dropout {
///     type Config = DropoutConfig;
///
///     fn build(config: DropoutConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
///         if !(0.0..=1.0).contains(&config.prob) {
///             return Err(ctx.invalid("prob", format!("expected 0 ≤ prob ≤ 1, got {}", config.prob)));
///         }
///         Ok(Dropout { prob: config.prob })
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no config, so no registry can build it",
    label = "`{Self}` does not implement `Buildable`",
    note = "implement `registry_core::Buildable` for `{Self}`: name its config type (`type Config`) and say how to build it (`fn build`)"
)]
pub trait Buildable: Sized + 'static {
    /// The config: every key the `type` dict may hold besides `type`.
    type Config: DeserializeOwned + JsonSchema;

    /// Builds from a config. Errors carry key paths: use [`BuildContext::invalid`].
    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError>;
}

/// How a registered type becomes what a registry holds (`Box<dyn Backbone>` from a `ResNet`).
///
/// [`erased_module!`](crate::erased_module) implements it for every type of a component trait;
/// a registry of some other trait objects implements it likewise:
///
/// ```
/// use registry_core::Upcast;
///
/// trait Transform: Send + Sync {}
/// impl<T: Transform + 'static> Upcast<T> for Box<dyn Transform> {
///     fn upcast(value: T) -> Self {
///         Box::new(value)
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{T}` cannot be registered in a registry of `{Self}`",
    label = "this registry holds `{Self}`",
    note = "implement the component trait behind `{Self}` for `{T}`"
)]
pub trait Upcast<T>: Sized {
    /// Wraps `value`.
    fn upcast(value: T) -> Self;
}
