//! `mmreg test CONFIG CHECKPOINT`: mmpretrain's `tools/test.py` — the metrics of a checkpoint
//! on the config's `test_dataloader`; `--json` prints them as one object, `--out` writes every
//! sample's prediction.

use std::path::PathBuf;

use anyhow::Context;
use engine::data::DatasetsData;
use engine::runner::{TestOptions, test};
use serde_json::{Map, Value, json};

use super::train::work_dir;
use crate::cli::{ConfigArgs, DeviceArgs};
use crate::device;
use crate::loaded::load_config;

/// `mmreg test`'s options.
#[derive(clap::Args, Debug)]
pub struct TestArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The checkpoint: a work dir's epoch_N.bpk, or any weights file load_from takes.
    pub checkpoint: PathBuf,
    /// Write the predictions here: a JSON list, one object per test sample in dataset order
    /// (img_path, gt_label, pred_label, pred_score).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the metrics as one JSON object (name → value) on stdout.
    #[arg(long)]
    pub json: bool,
    /// The work dir [default: the config's work_dir, or the config's name in work_dirs].
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    #[command(flatten)]
    pub device: DeviceArgs,
}

/// Tests and prints the metrics.
pub fn run(args: TestArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?.into_value();
    let options = TestOptions {
        work_dir: work_dir(args.work_dir.as_deref(), &config, &args.config.config),
        device: device::parse(&args.device.device)?,
    };
    let report = test(&config, &args.checkpoint, &options, &DatasetsData)?;
    if let Some(out) = &args.out {
        let text = serde_json::to_string(&report.predictions)?;
        std::fs::write(out, text)
            .with_context(|| format!("--out: cannot write {}", out.display()))?;
    }
    if args.json {
        let metrics: Map<String, Value> = report
            .metrics
            .iter()
            .map(|(name, value)| (name.clone(), json!(value)))
            .collect();
        println!("{}", Value::Object(metrics));
    } else {
        println!("test: {} samples", report.predictions.len());
        for (name, value) in &report.metrics {
            println!("{name}: {value:.2}");
        }
    }
    Ok(())
}
