use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES)]
pub enum Depth {
    Shallow,
    Deep,
}

fn main() {
    let _ = Depth::Deep;
}
