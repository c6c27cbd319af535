//! `registry_bench`: the registry's own costs as one line of JSON, for
//! `benches/mmengine_compare.py` and `benches/forward_compare.py` (no criterion needed).
//!
//! ```sh
//! cargo run --release -p benches --bin registry_bench                 # trivial get/build
//! cargo run --release -p benches --bin registry_bench -- --resnet50   # + ResNet-50 construction
//! cargo run --release -p benches --bin registry_bench -- --memory configs/resnet/resnet50_8xb32_in1k.py --batch 8 --threads 2
//! ```
//!
//! Figures are medians over rounds of many calls: `get_ns` (`TRIVIAL.get("Scale")`),
//! `build_ns` (`TRIVIAL.build(&json!({"type": "Scale", "by": 2.0}))`, dispatch, key check,
//! deserialising the config and boxing the result). With `--resnet50`: `validate_ms` (the whole
//! ImageClassifier config checked and built with lazy parameters: no weight is allocated),
//! `build_ms` (`MODELS.build`, lazy parameters) and `construct_ms` (build, then every parameter
//! materialised: allocated and initialised, as `torchvision.models.resnet50()` does).
//!
//! `--memory CONFIG [--batch B] [--threads T]` reports instead, for `benches/forward_compare.py`,
//! the construction time of that config's model (built, every parameter materialised), the
//! resident memory after it (`VmRSS`) and after a few eval forwards of a `B×3×224×224` batch
//! (`VmHWM`, the peak): their difference is the forward's peak working memory.

use std::hint::black_box;
use std::time::Instant;

use mmconfig::Config;
use registry_core::burn::module::{Module, ModuleVisitor, Param};
use registry_core::burn::tensor::{Device, Distribution, Tensor};
use registry_core::{BuildContext, BuildError, Buildable, KeyPath, MODELS, Registry, Upcast};
use registry_core::{count_parameters, register_module};
use serde_json::{Value, json};

registry_core::link!(models);

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

/// Multiplies by a constant: the smallest useful registered type.
#[register_module(TRIVIAL)]
pub struct Scale {
    by: f64,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
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

/// Median nanoseconds per call of `f`, over `rounds` rounds of `calls` calls.
fn median_ns(rounds: usize, calls: usize, mut f: impl FnMut()) -> f64 {
    let mut per_call: Vec<f64> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..calls {
                f();
            }
            started.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    per_call[rounds / 2]
}

/// Allocates and initialises every lazy parameter.
struct Materialise {
    elements: usize,
}

impl ModuleVisitor for Materialise {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.elements += black_box(param.val()).shape().num_elements();
    }
}

/// A `kB` field of `/proc/self/status` (`VmRSS`, `VmHWM`), in MiB; 0 where unavailable.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// The value after `flag` on the command line.
fn flag_value(args: &[String], flag: &str) -> Option<String> {
    let at = args.iter().position(|arg| arg == flag)?;
    args.get(at + 1).cloned()
}

/// `--memory CONFIG`: construction time, resident memory after it and peak after forwards.
fn memory(args: &[String], config: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let batch: usize = flag_value(args, "--batch").map_or(Ok(1), |b| b.parse())?;
    if let Some(threads) = flag_value(args, "--threads") {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.parse()?)
            .build_global()?;
    }
    let file = Config::from_file(config)?;
    let model = file
        .get(&KeyPath::root().key("model"))
        .ok_or("no model dict")?;
    let rss_start = status_mib("VmRSS");
    let started = Instant::now();
    let built = MODELS.build(model)?;
    let mut visitor = Materialise { elements: 0 };
    built.visit(&mut visitor);
    let construct_ms = started.elapsed().as_secs_f64() * 1e3;
    let built = built.valid();
    // Resets VmHWM to the current VmRSS (Linux ≥ 4.0), so that the peak below is the forward's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_model = status_mib("VmRSS");
    let images: Tensor<4> = Tensor::random(
        [batch, 3, 224, 224],
        Distribution::Normal(0.0, 1.0),
        &Device::flex(),
    );
    for _ in 0..3 {
        built.forward(images.clone()).into_data();
    }
    let hwm = status_mib("VmHWM");
    Ok(json!({
        "config": config,
        "batch": batch,
        "threads": rayon::current_num_threads(),
        "construct_ms": construct_ms,
        "rss_start_mib": rss_start,
        "rss_model_mib": rss_model,
        "hwm_mib": hwm,
        "forward_peak_mib": hwm - rss_model,
    }))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(config) = flag_value(&args, "--memory") {
        println!("{}", memory(&args, &config)?);
        return Ok(());
    }
    let resnet50 = args.iter().any(|arg| arg == "--resnet50");
    let config = json!({"type": "Scale", "by": 2.0});
    assert_eq!(TRIVIAL.build(&config)?.apply(21.0), 42.0);

    let build_ns = median_ns(21, 100_000, || {
        black_box(TRIVIAL.build(black_box(&config)).unwrap());
    });
    let get_ns = median_ns(21, 100_000, || {
        black_box(TRIVIAL.get(black_box("Scale")).unwrap());
    });
    let mut report = json!({
        "build_ns": build_ns,
        "get_ns": get_ns,
        "rounds": 21,
        "calls_per_round": 100_000,
    });

    if resnet50 {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../configs/resnet/");
        let file = Config::from_file(format!("{root}resnet50_8xb32_in1k.py"))?;
        let model: Value = file
            .get(&KeyPath::root().key("model"))
            .ok_or("no model dict")?
            .clone();
        let ms = |rounds: usize, f: &mut dyn FnMut()| median_ns(rounds, 1, f) / 1e6;
        let validate_ms = ms(11, &mut || MODELS.validate(&model).unwrap());
        let build_ms = ms(11, &mut || {
            black_box(MODELS.build(&model).unwrap());
        });
        let mut elements = 0;
        let construct_ms = ms(5, &mut || {
            let built = MODELS.build(&model).unwrap();
            let mut visitor = Materialise { elements: 0 };
            built.visit(&mut visitor);
            elements = visitor.elements;
            black_box(built);
        });
        let built = MODELS.build(&model)?;
        report["resnet50"] = json!({
            "validate_ms": validate_ms,
            "build_ms": build_ms,
            "construct_ms": construct_ms,
            "parameters": count_parameters(&built),
            "materialised_elements": elements,
        });
    }
    println!("{report}");
    Ok(())
}
