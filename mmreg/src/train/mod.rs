//! The pieces of `mmreg train`: synthetic data, the optimizer and learning-rate schedule read
//! from the config, the model as burn-train's Learner trains it, and the progress display.

pub mod data;
pub mod dict;
pub mod learner;
pub mod notes;
pub mod optim;
pub mod renderer;
pub mod schedule;
