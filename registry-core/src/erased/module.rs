//! [`DynModule`]: the object-safe mirror of [`Module`], implemented for every module.

use std::any::Any;
use std::fmt::Debug;

use burn::module::{Content, Devices, DisplaySettings, Module, ModuleDisplay};
use burn::tensor::Device;

use crate::buildable::Upcast;
use checkpoints::{DynMapper, DynVisitor, MapperFromDyn, VisitorFromDyn};

/// Names the trait object of one component trait (`dyn Backbone`), so that [`DynModule`] can
/// return it without the trait naming itself in its own supertraits.
pub trait ComponentKind: 'static {
    /// The trait object, e.g. `dyn Backbone`.
    type Dyn: ?Sized + 'static;
}

/// [`Module`] in object-safe form: what `Box<dyn Trait>` forwards to. Implemented for every
/// module whose kind's box it can become; never implement it by hand.
pub trait DynModule<K: ComponentKind>: Send + Debug + 'static {
    /// [`Module::visit`], through a [`DynVisitor`].
    fn visit_dyn(&self, visitor: &mut dyn DynVisitor);
    /// [`Module::map`], through a [`DynMapper`].
    fn map_dyn(self: Box<Self>, mapper: &mut dyn DynMapper) -> Box<K::Dyn>;
    /// [`Module::collect_devices`].
    fn collect_devices_dyn(&self, devices: Devices) -> Devices;
    /// [`Module::to_device`].
    fn to_device_dyn(self: Box<Self>, device: &Device) -> Box<K::Dyn>;
    /// [`Module::fork`].
    fn fork_dyn(self: Box<Self>, device: &Device) -> Box<K::Dyn>;
    /// [`Module::valid`].
    fn valid_dyn(&self) -> Box<K::Dyn>;
    /// [`Module::train`].
    fn train_dyn(self: Box<Self>) -> Box<K::Dyn>;
    /// [`Module::materialize`].
    fn materialize_dyn(self: Box<Self>) -> Box<K::Dyn>;
    /// [`Clone::clone`].
    fn clone_dyn(&self) -> Box<K::Dyn>;
    /// [`Module::num_params`].
    fn num_params_dyn(&self) -> usize;
    /// [`ModuleDisplay::format`].
    fn format_dyn(&self, settings: DisplaySettings) -> String;
    /// [`ModuleDisplayDefault::content`](burn::module::ModuleDisplayDefault::content).
    fn content_dyn(&self, content: Content) -> Option<Content>;
    /// The concrete module, for downcasting.
    fn as_any(&self) -> &dyn Any;
}

impl<M, K> DynModule<K> for M
where
    M: Module + ModuleDisplay + 'static,
    K: ComponentKind,
    Box<K::Dyn>: Upcast<M>,
{
    fn visit_dyn(&self, visitor: &mut dyn DynVisitor) {
        self.visit(&mut VisitorFromDyn(visitor));
    }

    fn map_dyn(self: Box<Self>, mapper: &mut dyn DynMapper) -> Box<K::Dyn> {
        Upcast::upcast(self.map(&mut MapperFromDyn(mapper)))
    }

    fn collect_devices_dyn(&self, devices: Devices) -> Devices {
        self.collect_devices(devices)
    }

    fn to_device_dyn(self: Box<Self>, device: &Device) -> Box<K::Dyn> {
        Upcast::upcast(self.to_device(device))
    }

    fn fork_dyn(self: Box<Self>, device: &Device) -> Box<K::Dyn> {
        Upcast::upcast(self.fork(device))
    }

    fn valid_dyn(&self) -> Box<K::Dyn> {
        Upcast::upcast(self.valid())
    }

    fn train_dyn(self: Box<Self>) -> Box<K::Dyn> {
        Upcast::upcast(Module::train(*self))
    }

    fn materialize_dyn(self: Box<Self>) -> Box<K::Dyn> {
        Upcast::upcast(self.materialize())
    }

    fn clone_dyn(&self) -> Box<K::Dyn> {
        Upcast::upcast(self.clone())
    }

    fn num_params_dyn(&self) -> usize {
        Module::num_params(self)
    }

    fn format_dyn(&self, settings: DisplaySettings) -> String {
        self.format(settings)
    }

    fn content_dyn(&self, content: Content) -> Option<Content> {
        burn::module::ModuleDisplayDefault::content(self, content)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
