use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, name = "Scaler", name = "Scale")]
pub struct Scaler;

fn main() {}
