use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES)]
pub fn resnet50() {}

fn main() {
    resnet50();
}
