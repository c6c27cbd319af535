//! [`ModuleTree`]: any Burn module as an object, for loaders and initializers that are
//! themselves trait objects; and [`ParamSlot`], one parameter with where it sits.
//!
//! Burn's visitors and mappers are generic, so they cannot cross a trait object: [`DynVisitor`]
//! and [`DynMapper`] are their object-safe mirrors, carrying each parameter with its rank, and
//! the `…ToDyn` / `…FromDyn` adapters convert both ways.

use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::{Bool, Int, Tensor};

mod mapper;
mod rank;
mod visitor;

pub use mapper::{DynMapper, DynParam, MapperFromDyn, MapperToDyn};
pub use visitor::{DynVisitor, VisitorFromDyn, VisitorToDyn};

/// A module whose parameters can be visited and rewritten through object-safe visitors:
/// implemented for every Burn [`Module`] (a `Box<dyn Backbone>` as well as a `Conv2d`).
///
/// Burn's `visit`/`map` are generic and so cannot be called on a trait object; a weight
/// initializer in a registry (`Box<dyn WeightInit>`) takes `&mut dyn ModuleTree` instead.
pub trait ModuleTree {
    /// Visits every parameter, as [`Module::visit`].
    fn visit_tree(&self, visitor: &mut dyn DynVisitor);
    /// Rewrites every parameter, as [`Module::map`]; the module is replaced by the result.
    fn map_tree(&mut self, mapper: &mut dyn DynMapper);
}

impl<M: Module> ModuleTree for M {
    fn visit_tree(&self, visitor: &mut dyn DynVisitor) {
        self.visit(&mut VisitorFromDyn(visitor));
    }

    fn map_tree(&mut self, mapper: &mut dyn DynMapper) {
        // Cloning a module is cheap: parameters share their (possibly lazy) values.
        *self = self.clone().map(&mut MapperFromDyn(mapper));
    }
}

/// Runs a concrete visitor over a tree.
pub fn visit_with<V: ModuleVisitor>(tree: &dyn ModuleTree, visitor: &mut V) {
    tree.visit_tree(&mut VisitorToDyn(visitor));
}

/// Runs a concrete mapper over a tree.
pub fn map_with<M: burn::module::ModuleMapper>(tree: &mut dyn ModuleTree, mapper: &mut M) {
    tree.map_tree(&mut MapperToDyn(mapper));
}

/// One step of a parameter's path: the field (or list index) and the type holding it
/// (`("downsample", "Struct:BasicBlock")`, `("0", "Vec")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The field name or index.
    pub name: String,
    /// Burn's container type of the module holding the field (`Struct:Conv2d`, `Vec`).
    pub container: String,
}

/// A parameter (or buffer) of a module, with the types along its path and its shape, read
/// without initialising it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSlot {
    /// Its steps from the root; the last is the parameter itself (`weight`, `gamma`).
    pub steps: Vec<Step>,
    /// Its shape, as Burn stores it (a Linear weight is `[in, out]`).
    pub shape: Vec<usize>,
}

impl ParamSlot {
    /// The dotted path (`backbone.layer1.0.conv1.weight`).
    pub fn path(&self) -> String {
        let names: Vec<&str> = self.steps.iter().map(|s| s.name.as_str()).collect();
        names.join(".")
    }

    /// The parameter's name within its layer (`weight`).
    pub fn name(&self) -> &str {
        self.steps.last().map_or("", |s| s.name.as_str())
    }

    /// The container type of the layer holding the parameter (`Struct:Conv2d`).
    pub fn layer(&self) -> &str {
        self.steps.last().map_or("", |s| s.container.as_str())
    }
}

/// Every parameter and buffer of `tree`, in visiting order.
pub fn param_slots(tree: &dyn ModuleTree) -> Vec<ParamSlot> {
    let mut collector = SlotCollector::default();
    visit_with(tree, &mut collector);
    collector.slots
}

#[derive(Default)]
struct SlotCollector {
    stack: Vec<Step>,
    slots: Vec<ParamSlot>,
}

impl SlotCollector {
    fn push(&mut self, shape: Vec<usize>) {
        self.slots.push(ParamSlot {
            steps: self.stack.clone(),
            shape,
        });
    }
}

impl ModuleVisitor for SlotCollector {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.stack.push(Step {
            name: name.to_owned(),
            container: container_type.to_owned(),
        });
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.stack.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.push(param.lazy_shape().to_vec());
    }

    fn visit_int<const D: usize>(&mut self, param: &Param<Tensor<D, Int>>) {
        self.push(param.lazy_shape().to_vec());
    }

    fn visit_bool<const D: usize>(&mut self, param: &Param<Tensor<D, Bool>>) {
        self.push(param.lazy_shape().to_vec());
    }
}
