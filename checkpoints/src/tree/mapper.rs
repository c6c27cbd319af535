//! Mappers across the erased boundary: the owned counterpart of [`super::visitor`].

use std::any::Any;

use burn::module::{Flag, ModuleMapper, Param};
use burn::tensor::{Bool, Int, Tensor};

use super::rank::{MAX_RANK, with_rank};

/// A parameter in transit: a boxed `Param<Tensor<rank, K>>`.
pub type DynParam = Box<dyn Any + Send>;

/// An object-safe [`ModuleMapper`]: parameters travel as `(rank, Box<dyn Any>)`.
pub trait DynMapper {
    /// See [`ModuleMapper::enter_module`].
    fn enter_module(&mut self, name: &str, container_type: &str);
    /// See [`ModuleMapper::exit_module`].
    fn exit_module(&mut self, name: &str, container_type: &str);
    /// Maps a boxed `Param<Tensor<rank>>`, returning the same type.
    fn map_float(&mut self, rank: usize, param: DynParam) -> DynParam;
    /// Maps a boxed `Param<Tensor<rank, Int>>`.
    fn map_int(&mut self, rank: usize, param: DynParam) -> DynParam;
    /// Maps a boxed `Param<Tensor<rank, Bool>>`.
    fn map_bool(&mut self, rank: usize, param: DynParam) -> DynParam;
    /// See [`ModuleMapper::map_flag`].
    fn map_flag(&mut self, flag: Param<Flag>) -> Param<Flag>;
}

/// Wraps the caller's concrete mapper so it can cross into an erased module.
pub struct MapperToDyn<'a, M>(pub &'a mut M);

/// Wraps an erased mapper so the concrete module inside can call it generically.
pub struct MapperFromDyn<'a>(pub &'a mut dyn DynMapper);

impl<M: ModuleMapper> DynMapper for MapperToDyn<'_, M> {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.0.enter_module(name, container_type);
    }

    fn exit_module(&mut self, name: &str, container_type: &str) {
        self.0.exit_module(name, container_type);
    }

    fn map_float(&mut self, rank: usize, param: DynParam) -> DynParam {
        with_rank!(rank, D => Box::new(self.0.map_float::<D>(unbox(param))))
    }

    fn map_int(&mut self, rank: usize, param: DynParam) -> DynParam {
        with_rank!(rank, D => Box::new(self.0.map_int::<D>(unbox(param))))
    }

    fn map_bool(&mut self, rank: usize, param: DynParam) -> DynParam {
        with_rank!(rank, D => Box::new(self.0.map_bool::<D>(unbox(param))))
    }

    fn map_flag(&mut self, flag: Param<Flag>) -> Param<Flag> {
        self.0.map_flag(flag)
    }
}

impl ModuleMapper for MapperFromDyn<'_> {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.0.enter_module(name, container_type);
    }

    fn exit_module(&mut self, name: &str, container_type: &str) {
        self.0.exit_module(name, container_type);
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        const {
            assert!(
                D <= MAX_RANK,
                "erased modules hold tensors of rank 8 at most"
            )
        };
        unbox(self.0.map_float(D, Box::new(param)))
    }

    fn map_int<const D: usize>(&mut self, param: Param<Tensor<D, Int>>) -> Param<Tensor<D, Int>> {
        const {
            assert!(
                D <= MAX_RANK,
                "erased modules hold tensors of rank 8 at most"
            )
        };
        unbox(self.0.map_int(D, Box::new(param)))
    }

    fn map_bool<const D: usize>(
        &mut self,
        param: Param<Tensor<D, Bool>>,
    ) -> Param<Tensor<D, Bool>> {
        const {
            assert!(
                D <= MAX_RANK,
                "erased modules hold tensors of rank 8 at most"
            )
        };
        unbox(self.0.map_bool(D, Box::new(param)))
    }

    fn map_flag(&mut self, flag: Param<Flag>) -> Param<Flag> {
        self.0.map_flag(flag)
    }
}

/// The parameter in a [`DynParam`]; its type is fixed by the rank it travelled with.
fn unbox<T: Any>(param: DynParam) -> T {
    match param.downcast::<T>() {
        Ok(param) => *param,
        Err(_) => unreachable!("an erased parameter always travels with its own rank"),
    }
}
