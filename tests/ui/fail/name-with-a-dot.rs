use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, name = "models.Scaler")]
pub struct Scaler;

fn main() {}
