//! Weight initialisation (`init_cfg`), checkpoints, and numerical parity with torchvision.
