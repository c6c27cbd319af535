//! The ResNet family and classifier parts built from configs.

registry_core::link!(models);

mod common;

mod augments;
mod errors;
mod layers;
mod losses;
mod modes;
mod params;
mod paths;
mod records;
mod shapes;
mod training;
