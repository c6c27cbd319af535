use registry_core::{BACKBONES, register_module};

#[register_module(BACKBONES)]
pub struct Scaler<T> {
    factor: T,
}

fn main() {
    let _ = Scaler { factor: 2.0 }.factor;
}
