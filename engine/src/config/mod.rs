//! Reading the runner's config keys: [`Dict`] (typed values with key paths) and [`Notes`]
//! (the keys a run does not follow, reported once at start).

mod dict;
mod notes;

pub use dict::Dict;
pub use notes::{Notes, Unhonoured};
