//! Registry overhead: lookup by name and building a trivial registered type from a JSON config.
//!
//! ```sh
//! cargo bench -p registry-core --bench registry
//! ```
//!
//! `build/trivial` is everything `TRIVIAL.build(&config)` does: read the `type` header, resolve
//! the name, check the keys against the config's schema, deserialise the config (serde, with
//! key paths kept for errors), call `Buildable::build` and box the result. `build/deserialize`
//! is the serde step alone, the floor for any config-driven build. The goal (issue 7) is
//! `build/trivial` ≤ 1 µs.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use registry_core::register_module;
use registry_core::{BuildContext, BuildError, Buildable, NORM_LAYERS, Registry, Upcast};
use serde::Deserialize;
use serde_json::json;

registry_core::link!(registry_core);

/// What the trivial registry holds.
pub trait Transform: Send + Sync {
    fn apply(&self, x: f64) -> f64;
}

impl<T: Transform + 'static> Upcast<T> for Box<dyn Transform> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

static TRIVIAL: Registry<Box<dyn Transform>> = Registry::new("TRIVIAL");

/// Multiplies by a constant.
#[register_module(TRIVIAL, aliases = ["Mul"])]
pub struct Scale {
    by: f64,
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct ScaleConfig {
    by: f64,
}

impl Buildable for Scale {
    type Config = ScaleConfig;
    fn build(config: ScaleConfig, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Scale { by: config.by })
    }
}

impl Transform for Scale {
    fn apply(&self, x: f64) -> f64 {
        x * self.by
    }
}

fn lookup(c: &mut Criterion) {
    let mut group = c.benchmark_group("get");
    group.bench_function("trivial", |b| {
        b.iter(|| TRIVIAL.get(black_box("Scale")).unwrap())
    });
    group.bench_function("trivial_alias", |b| {
        b.iter(|| TRIVIAL.get(black_box("Mul")).unwrap())
    });
    group.bench_function("contains", |b| {
        b.iter(|| TRIVIAL.contains(black_box("Scale")))
    });
    // A registry with a dozen entries and their aliases (mmcv's norm layers).
    group.bench_function("norm_layers_BN", |b| {
        b.iter(|| NORM_LAYERS.get(black_box("BN")).unwrap())
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let config = json!({"type": "Scale", "by": 2.0});
    assert_eq!(TRIVIAL.build(&config).unwrap().apply(21.0), 42.0);
    let mut group = c.benchmark_group("build");
    group.bench_function("trivial", |b| {
        b.iter(|| TRIVIAL.build(black_box(&config)).unwrap())
    });
    group.bench_function("deserialize", |b| {
        b.iter(|| ScaleConfig::deserialize(black_box(&config)).unwrap())
    });
    let scoped = json!({"type": "registry.Scale", "by": 2.0});
    group.bench_function("trivial_scoped", |b| {
        b.iter(|| TRIVIAL.build(black_box(&scoped)).unwrap())
    });
    let typo = json!({"type": "Scale", "by": 2.0, "bye": 1});
    group.bench_function("trivial_unknown_key_error", |b| {
        b.iter(|| TRIVIAL.build(black_box(&typo)).err().unwrap())
    });
    group.finish();
}

criterion_group!(benches, lookup, build);
criterion_main!(benches);
