//! Runs a reader on a thread with a stack sized for [`Limits::max_depth`].
//!
//! The parsers and the evaluator recurse once per nesting level, and each level's frames take
//! a few kilobytes in unoptimized builds; a caller's thread (a test thread has 2 MiB) may not
//! have room for the deepest input the limits allow. Readers therefore run on a scoped thread
//! whose stack grows with the depth limit.

use std::thread;

use super::error::{ConfigError, ConfigErrorKind};
use super::limits::Limits;

/// Stack bytes reserved per allowed nesting level (generous for debug builds).
const STACK_PER_LEVEL: usize = 128 * 1024;
/// The smallest stack given to a reader.
const MIN_STACK: usize = 16 * 1024 * 1024;

/// Runs `work` on a thread with enough stack for `limits`, and returns its result.
pub(crate) fn with_stack<T, F>(limits: &Limits, work: F) -> Result<T, ConfigError>
where
    T: Send,
    F: FnOnce() -> Result<T, ConfigError> + Send,
{
    let size = limits
        .max_depth
        .saturating_mul(STACK_PER_LEVEL)
        .max(MIN_STACK);
    thread::scope(|scope| {
        let handle = thread::Builder::new()
            .name("config-reader".into())
            .stack_size(size)
            .spawn_scoped(scope, work)
            .map_err(|source| {
                ConfigError::new(ConfigErrorKind::Io {
                    path: "<config reader thread>".into(),
                    source,
                })
            })?;
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
