//! The datasets crate's integration tests, in one binary (each test binary links Burn).

mod common;

mod datasets_formats;
mod errors;
mod fashion_mnist_real;
mod learner;
mod loader;
mod rand_augment;
mod registries;
mod robustness;
mod transforms_augment;
mod transforms_opencv;
mod transforms_random;
