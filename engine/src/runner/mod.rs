//! The runner's pieces on burn-train: the model as the Learner trains it ([`Trainee`]), the
//! work-dir checkpointers and keep policy, and the progress renderer.
//!
//! Not yet here: the `train`/`test` entry points that assemble a run from a config (see the
//! crate's report); the pieces below are what they use.

pub mod checkpointer;
pub mod renderer;
pub mod trainee;

pub use checkpointer::{KeepPolicy, Naming, WorkDirCheckpointer};
pub use trainee::Trainee;
