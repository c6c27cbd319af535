use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, aliases = "Scale")]
pub struct Scaler;

fn main() {}
