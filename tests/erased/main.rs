//! `Box<dyn Component>` is a full Burn module: a struct holding erased parts derives `Module`,
//! and paths, optimizers, records, burn-store, devices, train/valid and freezing all work on it.

mod net;

mod display;
mod optimizer;
mod paths;
mod records;
mod state;
