//! Visitors across the erased boundary: burn's generic [`ModuleVisitor`] in, an object-safe
//! [`DynVisitor`] through the trait object, and back to the caller's concrete visitor.

use std::any::Any;

use burn::module::{Flag, ModuleVisitor, Param};
use burn::tensor::{Bool, Int, Tensor};

use super::rank::{MAX_RANK, with_rank};

/// An object-safe [`ModuleVisitor`]: parameters travel as `(rank, &dyn Any)`.
pub trait DynVisitor {
    /// See [`ModuleVisitor::enter_module`].
    fn enter_module(&mut self, name: &str, container_type: &str);
    /// See [`ModuleVisitor::exit_module`].
    fn exit_module(&mut self, name: &str, container_type: &str);
    /// A `&Param<Tensor<rank>>`.
    fn visit_float(&mut self, rank: usize, param: &dyn Any);
    /// A `&Param<Tensor<rank, Int>>`.
    fn visit_int(&mut self, rank: usize, param: &dyn Any);
    /// A `&Param<Tensor<rank, Bool>>`.
    fn visit_bool(&mut self, rank: usize, param: &dyn Any);
    /// See [`ModuleVisitor::visit_flag`].
    fn visit_flag(&mut self, flag: &Param<Flag>);
}

/// Wraps the caller's concrete visitor so it can cross into an erased module.
pub struct VisitorToDyn<'a, V>(pub &'a mut V);

/// Wraps an erased visitor so the concrete module inside can call it generically.
pub struct VisitorFromDyn<'a>(pub &'a mut dyn DynVisitor);

impl<V: ModuleVisitor> DynVisitor for VisitorToDyn<'_, V> {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.0.enter_module(name, container_type);
    }

    fn exit_module(&mut self, name: &str, container_type: &str) {
        self.0.exit_module(name, container_type);
    }

    fn visit_float(&mut self, rank: usize, param: &dyn Any) {
        with_rank!(rank, D => self.0.visit_float::<D>(downcast::<Param<Tensor<D>>>(param)))
    }

    fn visit_int(&mut self, rank: usize, param: &dyn Any) {
        with_rank!(rank, D => self.0.visit_int::<D>(downcast::<Param<Tensor<D, Int>>>(param)))
    }

    fn visit_bool(&mut self, rank: usize, param: &dyn Any) {
        with_rank!(rank, D => self.0.visit_bool::<D>(downcast::<Param<Tensor<D, Bool>>>(param)))
    }

    fn visit_flag(&mut self, flag: &Param<Flag>) {
        self.0.visit_flag(flag);
    }
}

impl ModuleVisitor for VisitorFromDyn<'_> {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.0.enter_module(name, container_type);
    }

    fn exit_module(&mut self, name: &str, container_type: &str) {
        self.0.exit_module(name, container_type);
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        const {
            assert!(
                D <= MAX_RANK,
                "erased modules hold tensors of rank 8 at most"
            )
        };
        self.0.visit_float(D, param);
    }

    fn visit_int<const D: usize>(&mut self, param: &Param<Tensor<D, Int>>) {
        const {
            assert!(
                D <= MAX_RANK,
                "erased modules hold tensors of rank 8 at most"
            )
        };
        self.0.visit_int(D, param);
    }

    fn visit_bool<const D: usize>(&mut self, param: &Param<Tensor<D, Bool>>) {
        const {
            assert!(
                D <= MAX_RANK,
                "erased modules hold tensors of rank 8 at most"
            )
        };
        self.0.visit_bool(D, param);
    }

    fn visit_flag(&mut self, flag: &Param<Flag>) {
        self.0.visit_flag(flag);
    }
}

/// The parameter behind `&dyn Any`; its type is fixed by the rank it travelled with.
fn downcast<T: Any>(param: &dyn Any) -> &T {
    param
        .downcast_ref::<T>()
        .unwrap_or_else(|| unreachable!("an erased parameter always travels with its own rank"))
}
