use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, aliases = ["Scaler"])]
pub struct Scaler;

fn main() {}
