use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, name = "")]
pub struct Scaler;

fn main() {}
