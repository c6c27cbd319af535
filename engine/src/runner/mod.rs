//! The runner on burn-train: [`train`](fn@train) and [`test`](fn@test) assemble a run from an mmengine config, from
//! the pieces below — the model as the Learner trains it ([`Trainee`]), the loop laid onto
//! burn-train's epochs ([`plan`]), the optimizer and schedule ([`optimizer`]), the work-dir
//! checkpointers and keep policy, `resume`/`load_from`, the progress renderer and
//! `vis_data/scalars.json`.

pub mod best;
pub mod checkpointer;
pub mod keys;
pub mod optimizer;
pub mod plan;
pub mod renderer;
pub mod resume;
pub mod scalars;
pub mod strategy;
mod test;
pub mod timing;
mod train;
pub mod trainee;

pub use best::BestTracker;
pub use checkpointer::{FollowBest, KeepPolicy, Naming, WorkDirCheckpointer};
pub use test::{Prediction, TestOptions, TestReport, test};
pub use train::{TrainOptions, TrainReport, train};
pub use trainee::Trainee;
