//! `mmreg train CONFIG`: mmpretrain's `tools/train.py` — the config's model trained by
//! `engine::runner::train` on the config's data, checkpoints and logs in the work dir.

use std::path::{Path, PathBuf};

use engine::data::DatasetsData;
use engine::runner::{TrainOptions, train};
use serde_json::Value;

use crate::cli::ConfigArgs;
use crate::device;
use crate::loaded::load_config;

/// `mmreg train`'s options.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Where checkpoints and logs go [default: the config's work_dir, or the config's name in work_dirs].
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    /// Resume from the work dir's last_checkpoint (or the config's load_from).
    #[arg(long)]
    pub resume: bool,
    /// The device to train on, as --device of the other commands (flex, vulkan:0, cuda:1, …).
    #[arg(long, default_value = "flex", conflicts_with = "devices")]
    pub device: String,
    /// Train data-parallel on these devices (comma-separated, e.g. flex,flex, cuda:0,cuda:1 or
    /// ws://HOST:PORT,ws://HOST:PORT) with burn-train's multi-device strategy (DDP with NCCL
    /// when all are CUDA GPUs); batch_size is per device.
    #[arg(long, value_delimiter = ',')]
    pub devices: Vec<String>,
}

/// Trains and prints where the results are.
pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?.into_value();
    let names = match args.devices.as_slice() {
        [] => std::slice::from_ref(&args.device),
        names => names,
    };
    let devices = names
        .iter()
        .map(|name| device::parse(name.trim()))
        .collect::<anyhow::Result<_>>()?;
    let work_dir = work_dir(args.work_dir.as_deref(), &config, &args.config.config);
    let options = TrainOptions {
        work_dir: work_dir.clone(),
        devices,
        resume: args.resume,
    };
    let report = train(&config, &options, &DatasetsData)?;
    let (first, last) = (report.losses.first(), report.losses.last());
    println!(
        "trained epochs {}..{} ({} iterations each) in {}",
        report.start_epoch + 1,
        report.end_epoch,
        report.epoch_len,
        work_dir.display()
    );
    if let (Some(first), Some(last)) = (first, last) {
        println!("loss: {first:.4} (first step) -> {last:.4} (last step)");
    }
    for (name, value) in &report.val_metrics {
        println!("val {name}: {value:.2}");
    }
    if let Some(checkpoint) = &report.last_checkpoint {
        println!("last checkpoint: {}", checkpoint.display());
    }
    for (name, best) in &report.best {
        let shown = best.checkpoint.display();
        println!("best {name}: {:.2} in {shown}", best.score);
    }
    println!("scalars: {}", report.scalars.display());
    Ok(())
}

/// `--work-dir`, or the config's `work_dir`, or `work_dirs/<config stem>` (tools/train.py's order).
pub fn work_dir(option: Option<&Path>, config: &Value, path: &Path) -> PathBuf {
    match (option, config.get("work_dir").and_then(Value::as_str)) {
        (Some(dir), _) => dir.to_owned(),
        (None, Some(dir)) => PathBuf::from(dir),
        (None, None) => Path::new("work_dirs").join(path.file_stem().unwrap_or(path.as_os_str())),
    }
}
