//! `mmreg predict CONFIG IMAGE_OR_FOLDER... [--checkpoint CKPT] [--topk K] [--batch B] [--json]
//! [--show-dir DIR]`: classify images as mmpretrain's `demo/image_demo.py`, through the
//! `inference` crate.

use std::path::PathBuf;

use anyhow::bail;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use inference::{ClassPrediction, ImageClassificationInferencer};

use crate::cli::{ConfigArgs, DeviceArgs};
use crate::device;
use crate::loaded::load_config;

/// Arguments of `mmreg predict`.
#[derive(Debug, clap::Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Image files, and folders searched recursively for image files; results keep this order.
    #[arg(required = true, value_name = "IMAGE_OR_FOLDER")]
    pub inputs: Vec<PathBuf>,
    /// Weights, loaded strictly: a `.pth` (ours, torchvision's or mmpretrain's names), a
    /// `.safetensors` or burnpack file, or an http(s) URL (cached as torch.hub does). Without
    /// it, the model's `init_cfg`s are applied.
    #[arg(long)]
    pub checkpoint: Option<String>,
    /// How many of the most likely classes to give per image.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub topk: u32,
    /// Images per forward.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub batch: u32,
    #[command(flatten)]
    pub device: DeviceArgs,
    /// Print one JSON list (img_path, pred_label, pred_score, pred_class, topk) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write each image with its top-K drawn on it, as PNG, into this folder.
    #[arg(long, value_name = "DIR")]
    pub show_dir: Option<PathBuf>,
}

/// Runs `mmreg predict`: images that fail are reported on stderr, the others still predicted,
/// and the exit code is 1 if any failed.
pub fn run(args: PredictArgs) -> anyhow::Result<()> {
    let device = device::parse(&args.device.device)?;
    let config = load_config(&args.config)?;
    let images = inference::collect_images(&args.inputs)?;
    let inferencer =
        ImageClassificationInferencer::on_device(&config, args.checkpoint.as_deref(), &device)?
            .with_topk(args.topk as usize)
            .with_batch_size(args.batch as usize);
    let mut predictions = Vec::new();
    let mut failed = 0;
    for result in inferencer.predict_all(&images) {
        let annotated = result.and_then(|prediction| match &args.show_dir {
            Some(dir) => inference::show::annotate(&prediction, dir).map(|_| prediction),
            None => Ok(prediction),
        });
        match annotated {
            Ok(prediction) => predictions.push(prediction),
            Err(error) => {
                eprintln!("error: {error}");
                failed += 1;
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&predictions)?);
    } else if !predictions.is_empty() {
        println!("{}", table(&predictions));
    }
    if failed > 0 {
        bail!(
            "{failed} of {} images could not be classified",
            images.len()
        );
    }
    Ok(())
}

/// The predictions as a table: image, label, score, class (when known) and the top-K, one a
/// line.
fn table(predictions: &[ClassPrediction]) -> Table {
    let named = predictions.iter().any(|p| p.pred_class.is_some());
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    let mut header = vec!["Image", "Label", "Score"];
    if named {
        header.push("Class");
    }
    header.push("Top-K (label score class)");
    table.set_header(header);
    for prediction in predictions {
        let mut row = vec![
            prediction.img_path.clone(),
            prediction.pred_label.to_string(),
            format!("{:.4}", prediction.pred_score),
        ];
        if named {
            row.push(prediction.pred_class.clone().unwrap_or_default());
        }
        let topk: Vec<String> = prediction
            .topk
            .iter()
            .map(|top| {
                let class = top.class.as_deref().unwrap_or_default();
                format!("{} {:.4} {class}", top.label, top.score)
                    .trim_end()
                    .to_owned()
            })
            .collect();
        row.push(topk.join("\n"));
        table.add_row(row);
    }
    table
}
