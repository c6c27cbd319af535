use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES, name = "", aliases = ["A", "A"], nmae = "x")]
pub struct Scaler;

fn main() {}
