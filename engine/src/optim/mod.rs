//! The optimisation of a run, as mmengine's `optim_wrapper`: optimizers ([`OPTIMIZERS`]),
//! the wrapper ([`OPTIM_WRAPPERS`]: clipping, accumulation), and `paramwise_cfg`.
//!
//! | registry | entries |
//! |---|---|
//! | `OPTIMIZERS` | `SGD`, `Adam`, `AdamW`, `RMSprop`, `Adagrad`, `Lamb` (PyTorch's arguments and defaults) |
//! | `OPTIM_WRAPPERS` | `OptimWrapper`, `AmpOptimWrapper` (float32 here: see [`AmpOptimWrapper`]) |

mod adagrad;
mod adam;
mod clip;
mod lamb;
mod paramwise;
mod rmsprop;
mod sgd;
mod wrapper;

use std::fmt::Debug;

use burn::module::ParamGroup;
use burn::optim::ModuleOptimizer;
use burn::optim::decay::WeightDecayConfig;
use registry_core::{Registry, Upcast};

pub use adagrad::Adagrad;
pub use adam::{Adam, AdamW};
pub use clip::{ClipGrad, clip_joint_norm};
pub use lamb::Lamb;
pub use paramwise::{ParamGroupPlan, ParamwiseCfg, param_groups};
pub use rmsprop::RmsProp;
pub use sgd::Sgd;
pub use wrapper::{AmpOptimWrapper, OptimWrapper, WrapperPlan};

/// An optimizer from `optim_wrapper.optimizer`: its base learning rate and weight decay, and
/// burn's optimizer for a parameter group whose weight decay is multiplied by `decay_mult`.
pub trait OptimizerSpec: Send + Sync + Debug + 'static {
    /// The base learning rate (`lr`).
    fn lr(&self) -> f64;
    /// burn's whole-module optimizer, weight decay × `decay_mult`.
    fn init(&self, decay_mult: f64) -> ModuleOptimizer;
    /// `optimizer` with one more group, `group`, weight decay × `decay_mult`.
    fn add_group(
        &self,
        optimizer: ModuleOptimizer,
        group: ParamGroup,
        decay_mult: f64,
    ) -> ModuleOptimizer;
}

impl<T: OptimizerSpec> Upcast<T> for Box<dyn OptimizerSpec> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// A wrapper from `optim_wrapper`: what it asks of the run.
pub trait OptimWrapperSpec: Send + Sync + Debug + 'static {
    /// The optimizer, clipping, accumulation and parameter-wise settings.
    fn plan(&self) -> &WrapperPlan;
}

impl<T: OptimWrapperSpec> Upcast<T> for Box<dyn OptimWrapperSpec> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// Optimizers for `optim_wrapper.optimizer`, as mmengine's `OPTIMIZERS`.
pub static OPTIMIZERS: Registry<Box<dyn OptimizerSpec>> = Registry::new("OPTIMIZERS");

/// Optimizer wrappers for `optim_wrapper`, as mmengine's `OPTIM_WRAPPERS`.
pub static OPTIM_WRAPPERS: Registry<Box<dyn OptimWrapperSpec>> = Registry::new("OPTIM_WRAPPERS");

/// burn's L2 penalty for `weight_decay × mult`: none for 0.
fn l2(weight_decay: f64, mult: f64) -> Option<WeightDecayConfig> {
    let penalty = weight_decay * mult;
    (penalty > 0.0).then_some(WeightDecayConfig {
        penalty: penalty as f32,
    })
}

/// PyTorch's checks on a learning rate and a weight decay, as `ctx.invalid` errors.
fn check_lr_decay(
    lr: f64,
    weight_decay: f64,
    ctx: &registry_core::BuildContext,
) -> Result<(), registry_core::BuildError> {
    if !(lr.is_finite() && lr >= 0.0) {
        return Err(ctx.invalid("lr", format!("expected a learning rate ≥ 0, got {lr}")));
    }
    if !(weight_decay.is_finite() && weight_decay >= 0.0) {
        return Err(ctx.invalid(
            "weight_decay",
            format!("expected a weight decay ≥ 0, got {weight_decay}"),
        ));
    }
    Ok(())
}

/// `Some(group)` adds a group to `base`, `None` starts from `init`: shared by every optimizer.
macro_rules! optimizer_groups {
    ($build:expr) => {
        fn init(&self, decay_mult: f64) -> burn::optim::ModuleOptimizer {
            let config = ($build)(self, decay_mult);
            config.init()
        }

        fn add_group(
            &self,
            optimizer: burn::optim::ModuleOptimizer,
            group: burn::module::ParamGroup,
            decay_mult: f64,
        ) -> burn::optim::ModuleOptimizer {
            let config = ($build)(self, decay_mult);
            optimizer.with_group(group, config.build(), None)
        }
    };
}
use optimizer_groups;
