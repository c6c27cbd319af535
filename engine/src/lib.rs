//! mmengine's runner for Burn: what an mmpretrain config says about optimisation, schedules,
//! loops, evaluation and hooks, built through registries, and run on burn-train's Learner.
//!
//! | registry | entries |
//! |---|---|
//! | [`OPTIMIZERS`](optim::OPTIMIZERS) | `SGD`, `Adam`, `AdamW`, `RMSprop`, `Adagrad`, `Lamb` |
//! | [`OPTIM_WRAPPERS`](optim::OPTIM_WRAPPERS) | `OptimWrapper`, `AmpOptimWrapper` |
//! | [`PARAM_SCHEDULERS`](scheduler::PARAM_SCHEDULERS) | `StepLR`, `MultiStepLR`, `LinearLR`, `ConstantLR`, `ExponentialLR`, `CosineAnnealingLR`, `PolyLR`, `OneCycleLR`, `CosineRestartLR` |
//! | [`LOOPS`](loops::LOOPS) | `EpochBasedTrainLoop`, `IterBasedTrainLoop`, `ValLoop`, `TestLoop` |
//! | [`METRICS`](evaluator::METRICS) | `Accuracy`, `SingleLabelMetric` |
//! | [`HOOKS`](hooks::HOOKS) | `CheckpointHook`, `LoggerHook`, `ParamSchedulerHook`, `IterTimerHook`, `DistSamplerSeedHook`, `VisualizationHook` |
//!
//! [`runner::train`] and [`runner::test`] assemble a run from a config; the data comes through
//! one seam, [`data::DataSource`] ([`data::DatasetsData`]: the datasets crate).

pub mod config;
pub mod data;
pub mod evaluator;
pub mod hooks;
pub mod loops;
pub mod optim;
pub mod runner;
pub mod scheduler;
