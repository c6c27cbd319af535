//! OpenMMLab-style registries for [Burn](https://burn.dev).
//!
//! Register a Burn module with one attribute, then build whole models from nested configs, as
//! mmengine's `@MODELS.register_module()` and `MODELS.build(cfg)` do, with misuse caught at
//! compile time and every config error naming its key.
//!
//! ```
//! use registry_core::burn::{self, module::Module, nn::{Linear, LinearConfig}, tensor::Tensor};
//! use registry_core::{MODELS, register_module};
//! # use registry_core::{BuildContext, BuildError, Buildable, LossOutput, Model, Prediction, Targets};
//!
//! /// ResNet-18, in miniature.
//! #[register_module(MODELS)]
//! #[derive(Module, Debug)]
//! pub struct ResNet18 {
//!     fc: Linear,
//! }
//!
//! /// ResNet-34, in miniature.
//! #[register_module(MODELS, aliases = ["resnet34"])]
//! #[derive(Module, Debug)]
//! pub struct ResNet34 {
//!     fc: Linear,
//! }
//!
//! /// ResNet-50, in miniature.
//! #[register_module(MODELS, name = "ResNet50")]
//! #[derive(Module, Debug)]
//! pub struct Bottlenecked {
//!     fc: Linear,
//! }
//! # #[derive(serde::Deserialize, schemars::JsonSchema)]
//! # pub struct TinyConfig { num_classes: usize }
//! # macro_rules! tiny_resnet { ($($name:ident: $width:literal),*) => { $(
//! # impl Buildable for $name {
//! #     type Config = TinyConfig;
//! #     fn build(config: TinyConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
//! #         if config.num_classes == 0 {
//! #             return Err(ctx.invalid("num_classes", "expected at least one class, got 0"));
//! #         }
//! #         Ok($name { fc: LinearConfig::new($width, config.num_classes).init(ctx.device()) })
//! #     }
//! # }
//! # impl Model for $name {
//! #     fn forward(&self, images: Tensor<4>) -> Tensor<2> {
//! #         let [n, c, h, w] = images.dims();
//! #         let pooled: Tensor<2> = images.reshape([n, c, h * w]).mean_dim(2).squeeze_dim(2);
//! #         self.fc.forward(pooled.repeat_dim(1, $width / c))
//! #     }
//! #     fn extract_feat(&self, images: Tensor<4>) -> Vec<Tensor<4>> { vec![images] }
//! #     fn loss(&self, images: Tensor<4>, _: Targets) -> LossOutput {
//! #         LossOutput { loss: self.forward(images).mean(), logs: vec![] }
//! #     }
//! #     fn predict(&self, images: Tensor<4>) -> Prediction {
//! #         let scores = burn::tensor::activation::softmax(self.forward(images), 1);
//! #         Prediction { labels: scores.clone().argmax(1).squeeze_dim(1), scores }
//! #     }
//! # } )* } }
//! # tiny_resnet!(ResNet18: 48, ResNet34: 48, Bottlenecked: 192);
//!
//! // A config names one of them, as an mmpretrain config would.
//! let config = serde_json::json!({"type": "resnet34", "num_classes": 10});
//! let model = MODELS.build(&config)?;
//! let images = Tensor::zeros([2, 3, 32, 32], &burn::tensor::Device::flex());
//! assert_eq!(model.forward(images).dims(), [2, 10]);
//!
//! // Errors name the key, the entry, and what was expected.
//! let typo = MODELS.build(&serde_json::json!({"type": "ResNet50", "num_clases": 10}));
//! assert_eq!(
//!     typo.unwrap_err().to_string(),
//!     "num_clases: unknown key `num_clases`; valid keys: `num_classes` (in ResNet50)"
//! );
//! # Ok::<(), registry_core::BuildError>(())
//! ```
//!
//! # The pieces
//!
//! - [`Registry`]: a named set of entries building one kind of thing (`Box<dyn Backbone>`),
//!   with aliases, scopes (`models.ResNet`, `_scope_`), parents, forced replacement,
//!   did-you-mean errors, glob listing and a table `Display`. The root registries ([`MODELS`],
//!   [`BACKBONES`], [`NECKS`], [`HEADS`], [`LOSSES`], [`NORM_LAYERS`], [`ACTIVATIONS`],
//!   [`BATCH_AUGMENTS`]) are declared here; any crate declares its own the same way.
//! - [`register_module`]: the attribute. `#[register_module(REGISTRY, name = "…",
//!   aliases = ["…"], force = true)]` on a struct that implements [`Buildable`] (its config and
//!   how to build it) and the registry's component trait (checked at compile time).
//! - [`BuildContext`]: device, key path and default scope of a build; parents build their
//!   children through it, so errors read `model.backbone.depth: …`.
//! - [`erased`]: how `Box<dyn Backbone>` stays a full Burn [`Module`](burn::module::Module), so
//!   that a model assembled from a config trains, saves and loads.
//!
//! # Linking: registrations are never lost
//!
//! Registrations run before `main`, from the object files of the crate that declares them. A
//! binary that depends on such a crate but never names one of its items does not link it at
//! all, and its registrations silently vanish. Name every registering crate your binary builds
//! from once, with [`link!`]:
//!
//! ```
//! registry_core::link!(registry_core);
//! assert!(registry_core::NORM_LAYERS.contains("BN"));
//! ```
//!
//! A build that finds a registry empty says so, and points here.

extern crate self as registry_core;

mod buildable;
mod components;
mod context;
pub mod device;
mod directory;
mod display;
mod entry;
pub mod erased;
mod error;
mod index;
pub mod init;
pub mod layers;
mod link;
mod params;
mod registry;
mod root;
mod schema;
mod size;
mod suggest;
mod validate;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use buildable::{Buildable, Upcast};
pub use components::*;
pub use config_keypath::{KeyPath, Segment};
pub use context::{BuildContext, DEFAULT_MAX_DEPTH};
pub use directory::{AnyRegistry, registries, registry};
pub use entry::{CodeLocation, EntryInfo};
pub use error::{BuildError, BuildErrorKind, Conflict};
pub use params::{BUFFER_NAMES, count_parameters};
pub use registry::Registry;
pub use registry_macros::register_module;
pub use root::*;
pub use size::{DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_WIDTH, SizeLimits};

pub use burn;
