//! The config subsystem: mmengine-style Python, JSON, YAML and TOML configs with `_base_`
//! inheritance, `--cfg-options`, dumps, provenance, and bounded work on hostile input. The
//! shipped config tree (`configs/` at the workspace root) and the files under `data/` are the
//! corpus.

mod common;
mod corpus;
mod dump;
mod errors;
mod hostile;
mod options;
mod provenance;
