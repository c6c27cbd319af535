use registry_core::burn;
use registry_core::burn::module::Module;
use registry_core::burn::tensor::Tensor;
use registry_core::{BACKBONES, Backbone, register_module};

/// A backbone that never said how to build it from a config.
#[register_module(BACKBONES)]
#[derive(Module, Debug)]
pub struct Identity {}

impl Backbone for Identity {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        vec![images]
    }
    fn out_channels(&self) -> Vec<usize> {
        vec![3]
    }
}

fn main() {}
