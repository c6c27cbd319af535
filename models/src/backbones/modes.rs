//! Training states set at build time that survive `Module::train()`/`valid()`: frozen stages,
//! `norm_eval`, and the zeroed last norms of `zero_init_residual`.
//!
//! mmpretrain re-applies `frozen_stages` and `norm_eval` in every `train()`. Burn keeps each
//! parameter's gradient setting and each layer's training flag (`Param<Flag>`) as configured
//! state that `train()` restores and `valid()` only suspends, so setting them once is enough.

use burn::module::{Flag, Module, ModuleMapper, Param};
use burn::tensor::Tensor;

/// `module` with the weight (`gamma`) of its norm layers zeroed, lazily: a parameter not yet
/// initialised stays so, and initialises to zeros.
pub(crate) fn zero_weight<M: Module>(module: M) -> M {
    module.map(&mut ZeroWeight::default())
}

#[derive(Default)]
struct ZeroWeight {
    path: Vec<String>,
}

impl ModuleMapper for ZeroWeight {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_owned());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        match self.path.last() {
            Some(name) if name == "gamma" => {
                param.init_mapper(|weight: Tensor<D>| weight.zeros_like())
            }
            _ => param,
        }
    }
}

/// `module` with every BatchNorm's training flag disabled (mmpretrain's `norm_eval`): in
/// training mode they normalise with, and no longer update, their running statistics. Their
/// weight and bias still train.
pub(crate) fn batch_norm_eval<M: Module>(module: M) -> M {
    module.map(&mut BatchNormEval::default())
}

#[derive(Default)]
struct BatchNormEval {
    /// `(field, type of the struct holding it)` from the root.
    path: Vec<(String, String)>,
}

impl ModuleMapper for BatchNormEval {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.path.push((name.to_owned(), container_type.to_owned()));
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_flag(&mut self, flag: Param<Flag>) -> Param<Flag> {
        match self.path.last() {
            Some((name, container)) if name == "training" && container == "Struct:BatchNorm" => {
                flag.with_value(false)
            }
            _ => flag,
        }
    }
}
