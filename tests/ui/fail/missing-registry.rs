use registry_core::register_module;

#[register_module]
pub struct Scaler;

fn main() {}
