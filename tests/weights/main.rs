//! Weight initialisation (`init_cfg`), checkpoints, and numerical parity with torchvision.

registry_core::link!(models);

mod common;

mod checkpoints;
mod corrupt;
mod download;
mod fusion;
mod init;
mod keys;
mod safetensors;
mod torchvision;
