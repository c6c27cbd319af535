//! Building mmpretrain's ResNet-50 `ImageClassifier` from its config: config handling against
//! weight allocation.
//!
//! ```sh
//! cargo bench -p registry-models --bench build
//! ```
//!
//! - `resnet50/validate`: `MODELS.validate(&model)`: every nested config resolved, key-checked,
//!   deserialised and built with Burn 0.22's lazy parameters, so no weight is allocated.
//! - `resnet50/build`: `MODELS.build(&model)`, the same path once, parameters still lazy.
//! - `resnet50/build_materialised`: `build`, then every parameter forced (allocated and
//!   initialised, as `torchvision.models.resnet50()` does eagerly).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mmconfig::Config;
use registry_core::burn::module::{Module, ModuleVisitor, Param};
use registry_core::burn::tensor::Tensor;
use registry_core::{KeyPath, MODELS, count_parameters};
use serde_json::Value;

registry_core::link!(models);

/// The `model` dict of our ResNet-50 config (`_base_` merged).
fn resnet50() -> Value {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../configs/resnet/resnet50_8xb32_in1k.py"
    );
    let config = Config::from_file(file).expect("configs/resnet/resnet50_8xb32_in1k.py");
    config
        .get(&KeyPath::root().key("model"))
        .expect("a model dict")
        .clone()
}

/// Allocates and initialises every lazy parameter; returns their element count.
struct Materialise(usize);

impl ModuleVisitor for Materialise {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.0 += black_box(param.val()).shape().num_elements();
    }
}

fn build(c: &mut Criterion) {
    let model = resnet50();
    let built = MODELS.build(&model).unwrap();
    assert_eq!(count_parameters(&built), 25_557_032);

    let mut group = c.benchmark_group("resnet50");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("validate", |b| {
        b.iter(|| MODELS.validate(black_box(&model)).unwrap())
    });
    group.bench_function("build", |b| {
        b.iter(|| MODELS.build(black_box(&model)).unwrap())
    });
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("build_materialised", |b| {
        b.iter(|| {
            let built = MODELS.build(black_box(&model)).unwrap();
            let mut materialise = Materialise(0);
            built.visit(&mut materialise);
            (built, materialise.0)
        })
    });
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
