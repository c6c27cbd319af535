//! Building blocks chosen by mmcv-style configs: normalisation layers (`norm_cfg`) and
//! activations (`act_cfg`), registered in [`NORM_LAYERS`](crate::NORM_LAYERS) and
//! [`ACTIVATIONS`](crate::ACTIVATIONS).

pub mod activation;
mod macros;
pub mod norm;
