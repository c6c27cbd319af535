//! Type-erased Burn modules: `Box<dyn Backbone>` that is still a full [`burn::module::Module`].
//!
//! Burn's `Module` is not object safe (`visit<V>` and `map<M>` are generic, visitors have
//! `const D` methods). A component trait such as [`Backbone`](crate::Backbone) therefore takes
//! [`DynModule`] as a supertrait: the object-safe mirror of `Module`, implemented for every
//! concrete module. Visitors and mappers cross the trait object as [`DynVisitor`] /
//! [`DynMapper`], carrying each parameter with its rank, and are restored to the caller's
//! concrete visitor on the other side. [`erased_module!`](crate::erased_module) then implements
//! `Module` (and `Clone`, `ModuleDisplay`) for `Box<dyn Trait>` by forwarding, so that:
//!
//! - a struct holding `Box<dyn Backbone>` can `#[derive(Module)]`;
//! - visitors see every parameter with its path, and the box adds no path segment of its own
//!   (`backbone.conv1.weight`, not `backbone.0.conv1.weight`);
//! - optimizers, records, `burn-store`, `to_device`/`fork`, `train`/`valid` and freezing work
//!   on the assembled model unchanged.
//!
//! A new kind of component takes three lines:
//!
//! ```
//! use burn::tensor::Tensor;
//! use registry_core::erased::DynModule;
//!
//! /// Turns feature maps into other feature maps.
//! pub trait Adapter: DynModule<AdapterKind> {
//!     fn forward(&self, x: Tensor<4>) -> Tensor<4>;
//! }
//! registry_core::erased_module!(dyn Adapter, kind = AdapterKind);
//! ```

mod macros;
mod module;

pub use checkpoints::{
    DynMapper, DynParam, DynVisitor, MapperFromDyn, MapperToDyn, VisitorFromDyn, VisitorToDyn,
};
pub use module::{ComponentKind, DynModule};
