//! `conv_repro`: the smallest program behind the forward gap in BENCHMARKS.md: single ResNet-50
//! convolutions (and the matmul a 1×1 convolution is) on Burn 0.22's Flex device, timed alone.
//! `benches/conv_repro.py` runs it and times the same calls in PyTorch.
//!
//! ```sh
//! cargo run --release -p benches --bin conv_repro -- --batch 8 --threads 2 --iters 20
//! ```
//!
//! Prints one JSON object: for each case, the median ms of `--iters` calls after 3 warm-ups, and
//! the GFLOP/s it reaches (2·MACs / time), for Burn's `conv2d` and for `flex_conv::conv2d` (our
//! kernel, on the same values as slices; its output is already a host vector, as PyTorch's
//! `.numpy()` is).

use std::hint::black_box;
use std::time::Instant;

use flex_conv::{Conv2dShape, Epilogue};
use registry_core::burn::tensor::module::conv2d;
use registry_core::burn::tensor::ops::ConvOptions;
use registry_core::burn::tensor::{Device, Distribution, Tensor};
use serde_json::{Map, Value, json};

/// One convolution: name, in channels, out channels, kernel, stride, input side.
const CASES: [(&str, usize, usize, usize, usize, usize); 9] = [
    ("stem_7x7_s2_3to64_224", 3, 64, 7, 2, 224),
    ("layer1_3x3_64to64_56", 64, 64, 3, 1, 56),
    ("layer1_1x1_256to64_56", 256, 64, 1, 1, 56),
    ("layer2_3x3_s2_64to128_56", 64, 128, 3, 2, 56),
    ("layer2_3x3_128to128_28", 128, 128, 3, 1, 28),
    ("layer3_3x3_256to256_14", 256, 256, 3, 1, 14),
    ("layer3_1x1_1024to256_14", 1024, 256, 1, 1, 14),
    ("layer3_1x1_s2_512to1024_28", 512, 1024, 1, 2, 28),
    ("layer4_3x3_512to512_7", 512, 512, 3, 1, 7),
];

fn flag(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|at| args.get(at + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Median milliseconds of `iters` calls after 3 warm-ups.
fn median_ms(iters: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..3 {
        f();
    }
    let mut times: Vec<f64> = (0..iters)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[iters / 2]
}

/// Median ms of `flex_conv::conv2d` on the values of `x` and `w`.
fn fast_conv_ms(x: &Tensor<4>, w: &Tensor<4>, stride: usize, padding: usize, iters: usize) -> f64 {
    let shape = Conv2dShape::new(x.dims(), w.dims())
        .stride([stride, stride])
        .padding([padding, padding])
        .checked()
        .expect("ResNet's shapes");
    let input = x.to_data().try_to_vec::<f32>().expect("f32 values");
    let weight = w.to_data().try_to_vec::<f32>().expect("f32 values");
    median_ms(iters, || {
        black_box(flex_conv::conv2d(&shape, &input, &weight, &Epilogue::default()).unwrap());
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let batch = flag(&args, "--batch", 1);
    let iters = flag(&args, "--iters", 20).max(1);
    let threads = flag(&args, "--threads", 0);
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .expect("a thread pool");
    }
    let device = Device::flex();
    let normal = Distribution::Normal(0.0, 1.0);
    let mut report = Map::new();
    for (name, c_in, c_out, k, stride, side) in CASES {
        let x: Tensor<4> = Tensor::random([batch, c_in, side, side], normal, &device);
        let w: Tensor<4> = Tensor::random([c_out, c_in, k, k], normal, &device);
        let out_side = (side + 2 * (k / 2) - k) / stride + 1;
        let macs = (batch * c_out * out_side * out_side * c_in * k * k) as f64;
        let padding = if k == 1 { 0 } else { k / 2 };
        let options = ConvOptions::new([stride, stride], [padding, padding], [1, 1], 1);
        let ms = median_ms(iters, || {
            black_box(conv2d(x.clone(), w.clone(), None, options.clone()).into_data());
        });
        let fast_ms = fast_conv_ms(&x, &w, stride, padding, iters);
        report.insert(
            name.into(),
            json!({"ms": ms, "gflops": 2.0 * macs / ms / 1e6,
                   "fast_ms": fast_ms, "fast_gflops": 2.0 * macs / fast_ms / 1e6}),
        );
    }
    // The 1×1 convolution of layer 3 as the plain matmul it is: [B·196, 1024] × [1024, 256].
    let (m, k, n) = (batch * 196, 1024, 256);
    let a: Tensor<2> = Tensor::random([m, k], normal, &device);
    let b: Tensor<2> = Tensor::random([k, n], normal, &device);
    let ms = median_ms(iters, || {
        black_box(a.clone().matmul(b.clone()).into_data());
    });
    let macs = (m * k * n) as f64;
    report.insert(
        "matmul_1568x1024x256_per_8".into(),
        json!({"ms": ms, "gflops": 2.0 * macs / ms / 1e6, "m": m, "k": k, "n": n}),
    );
    // BatchNorm-in-eval + ReLU as Burn runs them after a convolution: per-channel scale and
    // shift, then max(0, ·), on layer 1's [B, 256, 56, 56] activations.
    let x: Tensor<4> = Tensor::random([batch, 256, 56, 56], normal, &device);
    let scale: Tensor<4> = Tensor::random([1, 256, 1, 1], normal, &device);
    let shift: Tensor<4> = Tensor::random([1, 256, 1, 1], normal, &device);
    let ms = median_ms(iters, || {
        let y = (x.clone() * scale.clone() + shift.clone()).clamp_min(0.0);
        black_box(y.into_data());
    });
    report.insert("bn_relu_256x56x56".into(), json!({"ms": ms}));
    report.insert("batch".into(), Value::from(batch));
    report.insert("threads".into(), Value::from(rayon::current_num_threads()));
    println!("{}", Value::Object(report));
}
