//! Reliability: nothing a user feeds us — a config, a checkpoint, a value — crashes or hangs
//! the process, and the registries stay consistent under concurrent use.
//!
//! The `*_fuzz` modules are proptest properties, bounded for CI (`PROPTEST_CASES`, default
//! 64 per property). A long run (see the README's Reliability section):
//!
//! ```text
//! PROPTEST_CASES=20000 STRESS_ROUNDS=200 cargo test --release -p integration-tests --test reliability
//! ```

registry_core::link!(models);

mod common;

/// The proptest cases per property: `PROPTEST_CASES` if set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

mod build_fuzz;
mod checkpoint_fuzz;
mod config_fuzz;
mod forward_fuzz;
mod hostile;
mod regressions;
mod stress;
