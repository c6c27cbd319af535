use registry_core::{BACKBONES, register_module};

pub struct Scaler;

#[register_module(BACKBONES)]
impl Scaler {
    pub fn new() -> Self {
        Scaler
    }
}

fn main() {
    let _ = Scaler::new();
}
