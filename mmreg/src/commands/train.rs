//! `mmreg train CONFIG`: trains the config's model on synthetic data with burn-train's Learner,
//! the optimizer and schedule taken from `optim_wrapper` and `param_scheduler`, and saves a
//! checkpoint at the end, as mmengine's `tools/train.py`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use burn::data::dataloader::DataLoaderBuilder;
use burn::module::Module;
use burn::tensor::Device;
use burn::train::metric::{AccuracyMetric, LearningRateMetric, LossMetric};
use burn::train::{ExecutionStrategy, Learner, MultiDeviceOptim, SupervisedTraining};
use registry_core::Model;
use serde_json::{Value, json};

use crate::cli::{ConfigArgs, DeviceArgs, parse_shape};
use crate::device;
use crate::loaded::load_config;
use crate::train::data::{ImageShape, SyntheticTextures, TextureBatcher, distinct_classes};
use crate::train::learner::Trainee;
use crate::train::notes::{Notes, note_runner_keys};
use crate::train::optim::OptimizerPlan;
use crate::train::renderer::{History, ProgressRenderer};
use crate::train::schedule::Schedule;

/// `mmreg train`'s options.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Optimizer steps (iterations) to train for.
    #[arg(long, default_value_t = 100)]
    pub steps: usize,
    /// Epochs the steps are split into: validation and burn-train's checkpoint after each.
    /// Epoch-based values of `param_scheduler` count in epochs of steps/epochs iterations.
    #[arg(long, default_value_t = 1)]
    pub epochs: usize,
    /// Images per batch on each device [default: the config's train_dataloader.batch_size, or 16].
    #[arg(long)]
    pub batch: Option<usize>,
    /// The learning rate, instead of the config's optim_wrapper.optimizer.lr.
    #[arg(long, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// The synthetic images: channels,height,width [default: the backbone's in_channels,32,32].
    #[arg(long, value_parser = parse_shape)]
    pub shape: Option<[usize; 3]>,
    /// Images in the synthetic validation split.
    #[arg(long, default_value_t = 64)]
    pub val_size: usize,
    /// Seed of the synthetic data, the shuffling and the model's initialisation
    /// [default: the config's randomness.seed, or 0].
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub device: DeviceArgs,
    /// Train data-parallel on these devices (comma-separated, e.g. flex,flex) with
    /// burn-train's multi-device strategy; --batch is per device.
    #[arg(long, value_delimiter = ',', conflicts_with = "device")]
    pub devices: Vec<String>,
    /// Where checkpoints and logs go [default: the config's work_dir, or the config's name in work_dirs].
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    /// Print one JSON object on stdout instead of the summary.
    #[arg(long)]
    pub json: bool,
}

/// Trains, saves the checkpoint, and prints the summary.
pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let config = load_config(&args.config)?.into_value();
    let setup = Setup::new(&args, &config)?;
    let trainee = setup.trainee(&config)?;
    setup.describe(trainee.num_classes());
    let (model, history) = setup.fit(trainee)?;
    let checkpoint = save_checkpoint(model, &setup.work_dir, args.steps)?;

    print_summary(&setup, &history, &checkpoint, started, args.json)
}

/// The summary on stdout: first and last loss, steps, validation, checkpoint; as one JSON
/// object with `json`.
fn print_summary(
    setup: &Setup,
    history: &History,
    checkpoint: &Path,
    started: Instant,
    json: bool,
) -> anyhow::Result<()> {
    let losses = history.step_losses(setup.devices.len());
    let (Some(&first_loss), Some(&last_loss)) = (losses.first(), losses.last()) else {
        bail!("training recorded no loss");
    };
    let seconds = started.elapsed().as_secs_f64();
    if json {
        let not_honoured: Vec<&str> = setup
            .notes
            .all()
            .iter()
            .map(|note| note.path.as_str())
            .collect();
        let summary = json!({
            "first_loss": first_loss,
            "last_loss": last_loss,
            "steps": losses.len(),
            "checkpoint": checkpoint,
            "epochs": setup.epochs,
            "devices": setup.devices.len(),
            "val_loss": history.valid_loss,
            "val_accuracy": history.valid_accuracy,
            "seconds": seconds,
            "not_honoured": not_honoured,
        });
        println!("{summary}");
    } else {
        println!(
            "trained {} steps ({} epoch(s)) on {} device(s) in {seconds:.1} s",
            losses.len(),
            setup.epochs,
            setup.devices.len()
        );
        println!("loss: {first_loss:.4} (first step) -> {last_loss:.4} (last step)");
        if let (Some(accuracy), Some(loss)) = (history.valid_accuracy, history.valid_loss) {
            println!("validation: accuracy {accuracy:.2}%, loss {loss:.4}");
        }
        println!("checkpoint: {}", checkpoint.display());
    }
    Ok(())
}

/// What a run is made of, read from the options and the config before anything is built.
struct Setup {
    devices: Vec<Device>,
    epochs: usize,
    /// Steps per epoch.
    epoch_len: usize,
    /// Images per batch on each device.
    batch: usize,
    val_size: usize,
    seed: u64,
    shape: ImageShape,
    work_dir: PathBuf,
    optimizer: OptimizerPlan,
    schedule: Schedule,
    notes: Notes,
}

impl Setup {
    /// Checks the options and reads the optimizer, the schedule and the runner keys of `config`.
    fn new(args: &TrainArgs, config: &Value) -> anyhow::Result<Self> {
        ensure!(args.steps > 0, "--steps must be at least 1");
        ensure!(args.epochs > 0, "--epochs must be at least 1");
        ensure!(
            args.steps.is_multiple_of(args.epochs),
            "--steps ({}) must be a multiple of --epochs ({})",
            args.steps,
            args.epochs
        );
        ensure!(args.val_size > 0, "--val-size must be at least 1");
        let epoch_len = args.steps / args.epochs;
        let mut notes = Notes::default();
        let optimizer = OptimizerPlan::from_config(config, args.lr, &mut notes)?;
        let schedule = Schedule::from_config(config, optimizer.lr, epoch_len, &mut notes)?;
        note_runner_keys(config, &mut notes);
        let shape = match args.shape {
            Some([channels, height, width]) => ImageShape {
                channels,
                height,
                width,
            },
            None => ImageShape {
                channels: in_channels(config)?,
                height: 32,
                width: 32,
            },
        };
        Ok(Self {
            devices: parse_devices(args)?,
            epochs: args.epochs,
            epoch_len,
            batch: batch_size(args, config)?,
            val_size: args.val_size,
            seed: args.seed.unwrap_or_else(|| {
                config
                    .pointer("/randomness/seed")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
            }),
            shape,
            work_dir: work_dir(args, config),
            optimizer,
            schedule,
            notes,
        })
    }

    /// The config's model, seeded, built on the first device and checked against the images.
    fn trainee(&self, config: &Value) -> anyhow::Result<Trainee> {
        let device = &self.devices[0];
        device.seed(self.seed);
        let replicas = self.devices.len();
        let autodiff = device.clone().autodiff();
        let trainee = Trainee::build(config, &autodiff, replicas, self.optimizer.max_norm())?;
        trainee.check_input(self.shape, device)?;
        Ok(trainee)
    }

    /// Says on stderr what the run does, and which keys of the config it does not follow.
    fn describe(&self, classes: usize) {
        let shared = match distinct_classes(self.shape.channels) {
            distinct if distinct < classes => format!(" (only {distinct} distinct)"),
            _ => String::new(),
        };
        eprintln!(
            "data: {classes} classes of synthetic {} textures{shared}; {} epoch(s) × {} steps × \
             {} images × {} device(s); validation on {} other images",
            self.shape,
            self.epochs,
            self.epoch_len,
            self.batch,
            self.devices.len(),
            self.val_size
        );
        eprintln!("optimizer: {}", self.optimizer);
        eprintln!(
            "schedule (in iterations, {} per epoch): {}",
            self.epoch_len, self.schedule
        );
        if !self.notes.all().is_empty() {
            eprintln!("not honoured:");
            for note in self.notes.all() {
                eprintln!("  {note}");
            }
        }
    }

    /// Trains `trainee` with burn-train's Learner: the trained model, and what was measured.
    fn fit(&self, trainee: Trainee) -> anyhow::Result<(Box<dyn Model>, History)> {
        let replicas = self.devices.len();
        let device = self.devices[0].clone();
        let train_len = self.epoch_len * self.batch * replicas;
        let train_set =
            SyntheticTextures::new(self.shape, trainee.num_classes(), train_len, self.seed);
        // Other images than the training set's: another seed.
        let valid_set =
            SyntheticTextures::new(self.shape, trainee.num_classes(), self.val_size, !self.seed);
        let train_loader = DataLoaderBuilder::new(TextureBatcher::new(self.shape))
            .batch_size(self.batch)
            .shuffle(self.seed)
            .set_device(device.clone())
            .build(train_set);
        let valid_loader = DataLoaderBuilder::new(TextureBatcher::new(self.shape))
            .batch_size(self.batch)
            .set_device(device.clone())
            .build(valid_set);
        let strategy = match replicas {
            1 => ExecutionStrategy::single(device),
            _ => ExecutionStrategy::multi(self.devices.clone(), MultiDeviceOptim::OptimMainDevice),
        };
        let history = Arc::new(Mutex::new(History::default()));
        let renderer = ProgressRenderer::new(history.clone(), self.epoch_len, replicas);
        let learner = Learner::new(trainee, self.optimizer.build(), self.schedule.init()?);
        fs::create_dir_all(&self.work_dir)
            .with_context(|| format!("cannot create {}", self.work_dir.display()))?;

        let result = SupervisedTraining::new(&self.work_dir, train_loader, valid_loader)
            .num_epochs(self.epochs)
            .with_training_strategy(strategy.into())
            .with_default_checkpointers()
            .metric_train_numeric(LossMetric::new())
            .metric_train_numeric(LearningRateMetric::new())
            .metric_valid_numeric(LossMetric::new())
            .metric_valid_numeric(AccuracyMetric::new())
            .renderer(Box::new(renderer))
            .launch(learner);
        if let Some(error) = result.error {
            bail!("training failed: {error}");
        }
        if let Some(interruption) = result.interrupted {
            bail!(
                "training was interrupted: {}",
                interruption.reason.as_deref().unwrap_or("no reason given")
            );
        }
        let history = history
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Ok((result.model.model, history))
    }
}

/// Saves `model` as `iter_<steps>.bpk` in `work_dir` and names it in `last_checkpoint`, as
/// mmengine does; returns its path.
fn save_checkpoint(
    model: Box<dyn Model>,
    work_dir: &Path,
    steps: usize,
) -> anyhow::Result<PathBuf> {
    let checkpoint = work_dir.join(format!("iter_{steps}.bpk"));
    model
        .save_file(&checkpoint)
        .with_context(|| format!("cannot save the checkpoint {}", checkpoint.display()))?;
    fs::write(
        work_dir.join("last_checkpoint"),
        checkpoint.display().to_string(),
    )
    .with_context(|| format!("cannot write to {}", work_dir.display()))?;
    Ok(checkpoint)
}

/// The config file as JSON, with the `--cfg-options` merged over it (`key.path=value`, the
/// value read as JSON, Python's `True`/`False`/`None`, or else a string).
/// `--device`, or each of `--devices`.
fn parse_devices(args: &TrainArgs) -> anyhow::Result<Vec<Device>> {
    let names = match args.devices.as_slice() {
        [] => std::slice::from_ref(&args.device.device),
        names => names,
    };
    names
        .iter()
        .map(|name| device::parse(name.trim()))
        .collect()
}

/// `--batch`, or the config's `train_dataloader.batch_size`, or 16.
fn batch_size(args: &TrainArgs, config: &Value) -> anyhow::Result<usize> {
    let batch = match (args.batch, config.pointer("/train_dataloader/batch_size")) {
        (Some(batch), _) => batch,
        (None, Some(value)) => value
            .as_u64()
            .and_then(|batch| usize::try_from(batch).ok())
            .with_context(|| {
                format!("train_dataloader.batch_size: expected a count, got {value}")
            })?,
        (None, None) => 16,
    };
    ensure!(batch > 0, "the batch size must be at least 1");
    Ok(batch)
}

/// The channels of the images: the backbone's `in_channels`, 3 if not given.
fn in_channels(config: &Value) -> anyhow::Result<usize> {
    match config.pointer("/model/backbone/in_channels") {
        None | Some(Value::Null) => Ok(3),
        Some(value) => value
            .as_u64()
            .and_then(|channels| usize::try_from(channels).ok())
            .filter(|&channels| channels > 0)
            .with_context(|| format!("model.backbone.in_channels: expected a count, got {value}")),
    }
}

/// `--work-dir`, or the config's `work_dir`, or `work_dirs/<config name>` (mmengine's order).
fn work_dir(args: &TrainArgs, config: &Value) -> PathBuf {
    match (
        &args.work_dir,
        config.get("work_dir").and_then(Value::as_str),
    ) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => PathBuf::from(dir),
        (None, None) => {
            let path = &args.config.config;
            let stem = path.file_stem().unwrap_or(path.as_os_str());
            Path::new("work_dirs").join(stem)
        }
    }
}
