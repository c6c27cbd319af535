use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, nmae = "Scaler")]
pub struct Scaler;

fn main() {}
