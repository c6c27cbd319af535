use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES)]
pub type Scaler = u8;

fn main() {}
