//! Filling the weights and biases of matched layers: what every initializer but `Pretrained`
//! does, as mmengine's `BaseInit` subclasses.

use burn::module::{ModuleMapper, Param};
use burn::tensor::{Bool, Int, Tensor};

use super::Scope;
use super::sampler::Sampler;
use checkpoints::{ModuleTree, ParamSlot, param_slots};

/// Parameter names PyTorch calls `weight` (Burn's norm layers: `gamma`).
const WEIGHTS: [&str; 2] = ["weight", "gamma"];
/// Parameter names PyTorch calls `bias` (Burn's norm layers: `beta`).
const BIASES: [&str; 2] = ["bias", "beta"];

/// Which layers an initializer touches: in [`Scope::Layers`], those whose container type is in
/// `layers`; in [`Scope::Child`], every layer of that child.
pub(crate) struct Selection<'a> {
    pub layers: &'a [String],
    pub scope: Scope<'a>,
}

impl Selection<'_> {
    fn matches(&self, slot: &ParamSlot) -> bool {
        match self.scope {
            Scope::Layers => self.layers.iter().any(|layer| layer == slot.layer()),
            Scope::Child(child) => slot.steps.first().is_some_and(|step| step.name == child),
        }
    }
}

/// Fills every matched layer's weight with `weight(slot)` and its bias with `bias`, lazily:
/// parameters not yet initialised stay so. The samplers are all computed first, so an error
/// (such as a fan of a one-dimensional weight) leaves the module untouched.
pub(crate) fn fill(
    module: &mut dyn ModuleTree,
    selection: &Selection,
    weight: &dyn Fn(&ParamSlot) -> Result<Sampler, String>,
    bias: Sampler,
) -> Result<(), String> {
    let mut plan = Vec::new();
    for slot in param_slots(module) {
        let sampler = if !selection.matches(&slot) {
            None
        } else if WEIGHTS.contains(&slot.name()) {
            Some(weight(&slot).map_err(|error| format!("{}: {error}", slot.path()))?)
        } else if BIASES.contains(&slot.name()) {
            Some(bias)
        } else {
            None
        };
        plan.push(sampler);
    }
    checkpoints::map_with(module, &mut Filler { plan, next: 0 });
    Ok(())
}

/// Applies a plan of samplers, one per parameter in visiting order.
struct Filler {
    plan: Vec<Option<Sampler>>,
    next: usize,
}

impl Filler {
    fn take(&mut self) -> Option<Sampler> {
        let sampler = self.plan.get(self.next).copied().flatten();
        self.next += 1;
        sampler
    }
}

impl ModuleMapper for Filler {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        match self.take() {
            Some(sampler) => param.init_mapper(move |value: Tensor<D>| {
                sampler.sample(value.shape(), &value.device())
            }),
            None => param,
        }
    }

    fn map_int<const D: usize>(&mut self, param: Param<Tensor<D, Int>>) -> Param<Tensor<D, Int>> {
        self.next += 1;
        param
    }

    fn map_bool<const D: usize>(
        &mut self,
        param: Param<Tensor<D, Bool>>,
    ) -> Param<Tensor<D, Bool>> {
        self.next += 1;
        param
    }
}
