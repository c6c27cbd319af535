use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, force = "yes")]
pub struct Scaler;

fn main() {}
