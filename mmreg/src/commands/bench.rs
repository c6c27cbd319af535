//! `mmreg bench CONFIG`: forward (or, with `--train`, training-step) throughput, with
//! warm-up, median and spread.

use std::time::Instant;

use anyhow::bail;

use indicatif::{ProgressBar, ProgressStyle};
use registry_core::burn::module::Module;
use registry_core::burn::optim::momentum::MomentumConfig;
use registry_core::burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use registry_core::burn::tensor::{Distribution, Int, Tensor};
use registry_core::{Model, Targets};
use serde_json::json;

use crate::cli::BenchArgs;
use crate::device;
use crate::input::{check_batch, shape_source};
use crate::loaded::{build_model, load_config};

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads as usize)
            .build_global()?;
    }
    let device = device::parse(&args.device.device)?;
    let device = if args.train {
        device.autodiff()
    } else {
        device
    };
    let config = load_config(&args.config)?;
    let mut model = build_model(&config, &device)?;
    if !args.train {
        model = model.valid();
    }
    if args.fuse_conv_bn {
        model = model.fuse_conv_bn();
    }
    let [channels, height, width] = args.shape;
    let batch = args.batch as usize;
    let source = format!("--batch {batch} {}", shape_source(args.shape));
    check_batch(&*model, [batch, channels, height, width], &source)?;
    if let Some(reason) = model.input_spec().headless.filter(|_| args.train) {
        bail!("--train: {reason}");
    }
    let images: Tensor<4> = Tensor::random(
        [batch, channels, height, width],
        Distribution::Normal(0.0, 1.0),
        &device,
    );
    let mut step = Step::new(model, images, args.train);

    let progress = ProgressBar::new(u64::from(args.warmup) + u64::from(args.iters));
    progress.set_style(ProgressStyle::with_template(
        "{msg} {bar:30} {pos}/{len} [{elapsed}]",
    )?);
    progress.set_message("warming up");
    for _ in 0..args.warmup {
        step.run();
        progress.inc(1);
    }
    progress.set_message("timing");
    let mut timings: Vec<f64> = Vec::with_capacity(args.iters as usize);
    for _ in 0..args.iters {
        let started = Instant::now();
        step.run();
        timings.push(started.elapsed().as_secs_f64() * 1e3);
        progress.inc(1);
    }
    progress.finish_and_clear();

    let stats = Stats::of(&mut timings);
    let images_per_sec = batch as f64 / (stats.median / 1e3);
    let threads = rayon::current_num_threads();
    if args.json {
        let report = json!({
            "ms_per_batch_median": stats.median,
            "ms_per_batch_min": stats.min,
            "ms_per_batch_max": stats.max,
            "ms_per_batch_stddev": stats.stddev,
            "images_per_sec": images_per_sec,
            "batch": batch,
            "threads": threads,
            "iters": args.iters,
            "warmup": args.warmup,
            "input_shape": [batch, channels, height, width],
            "device": args.device.device,
            "fuse_conv_bn": args.fuse_conv_bn,
            "train": args.train,
        });
        println!("{report}");
        return Ok(());
    }
    let what = if args.train {
        "training steps"
    } else {
        "passes"
    };
    println!(
        "{} on {} ({threads} threads), batch {batch}, input {channels}×{height}×{width}, {} timed {what} after {} warm-up",
        args.config.config.display(),
        args.device.device,
        args.iters,
        args.warmup
    );
    println!(
        "ms/batch: median {:.2}, min {:.2}, max {:.2}, stddev {:.2}",
        stats.median, stats.min, stats.max, stats.stddev
    );
    println!("images/s: {images_per_sec:.1}");
    Ok(())
}

/// What is timed: a forward pass, or a training step.
struct Step {
    model: Option<Box<dyn Model>>,
    images: Tensor<4>,
    /// Labels (class 0) and SGD, for training steps.
    train: Option<(Tensor<1, Int>, ModuleOptimizer)>,
}

impl Step {
    fn new(model: Box<dyn Model>, images: Tensor<4>, train: bool) -> Step {
        let train = train.then(|| {
            let labels = Tensor::zeros([images.dims()[0]], &images.device());
            let momentum = MomentumConfig::new().with_momentum(0.9);
            (
                labels,
                SgdConfig::new().with_momentum(Some(momentum)).init(),
            )
        });
        Step {
            model: Some(model),
            images,
            train,
        }
    }

    /// One forward pass (its output read back), or one training step (the model updated).
    fn run(&mut self) {
        let Some(model) = self.model.take() else {
            return;
        };
        let model = match &mut self.train {
            None => {
                model.forward(self.images.clone()).into_data();
                model
            }
            Some((labels, optimizer)) => {
                let targets = Targets::Labels(labels.clone());
                let loss = model.loss(self.images.clone(), targets).loss;
                let grads = GradientsParams::from_grads(loss.backward(), &model);
                optimizer.step(0.01, model, grads)
            }
        };
        self.model = Some(model);
    }
}

/// Median and spread of timings.
struct Stats {
    median: f64,
    min: f64,
    max: f64,
    stddev: f64,
}

impl Stats {
    fn of(timings: &mut [f64]) -> Stats {
        timings.sort_by(f64::total_cmp);
        let n = timings.len();
        let median = if n % 2 == 1 {
            timings[n / 2]
        } else {
            (timings[n / 2 - 1] + timings[n / 2]) / 2.0
        };
        let mean = timings.iter().sum::<f64>() / n as f64;
        let variance = timings.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n as f64;
        Stats {
            median,
            min: timings[0],
            max: timings[n - 1],
            stddev: variance.sqrt(),
        }
    }
}
