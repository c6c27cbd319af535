//! The inferencer's tests, in one binary: parity with torchvision, and bad input.

mod common;
mod errors;
mod parity;
