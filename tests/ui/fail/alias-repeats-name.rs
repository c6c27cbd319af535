use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, name = "Scaler", aliases = ["Scale", "Scaler"])]
pub struct Scaler;

fn main() {}
