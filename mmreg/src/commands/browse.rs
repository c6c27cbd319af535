//! `mmreg browse-dataset CONFIG --split train --count N --out DIR`: mmpretrain's
//! `browse_dataset.py` — what the split's pipeline produces, as PNG files (`0000.png`, …) and
//! one `grid.png` of them all when they share a size.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use datasets::rng::sample_rng;
use datasets::{DATASETS, Packed};
use registry_core::{BuildContext, KeyPath};
use serde_json::Value;

use crate::cli::ConfigArgs;
use crate::loaded::load_config;

/// `mmreg browse-dataset`'s options.
#[derive(clap::Args, Debug)]
pub struct BrowseArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The split: its `<split>_dataloader.dataset` is shown.
    #[arg(long, value_parser = ["train", "val", "test"], default_value = "train")]
    pub split: String,
    /// How many samples, from the first.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub count: u32,
    /// The folder the PNG files go to (created if needed).
    #[arg(long)]
    pub out: PathBuf,
}

/// Writes the samples and the grid.
pub fn run(args: BrowseArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?.into_value();
    let key = format!("{}_dataloader", args.split);
    let path = KeyPath::root().key(key.as_str()).key("dataset");
    let dataset_cfg = config
        .get(&key)
        .and_then(|loader| loader.get("dataset"))
        .ok_or_else(|| anyhow!("{path}: missing"))?;
    let seed = config
        .pointer("/randomness/seed")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    // Channels as loaded: BGR from files when the preprocessor converts them (`to_rgb`).
    let bgr = config
        .pointer("/data_preprocessor/to_rgb")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let dataset = DATASETS
        .build_in(dataset_cfg, &mut BuildContext::default().at(path.clone()))
        .map_err(|error| anyhow!("{error}"))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("--out: cannot create {}", args.out.display()))?;
    let count = (args.count as usize).min(dataset.len());
    let mut images = Vec::with_capacity(count);
    for index in 0..count {
        let sample = dataset
            .get(index, &mut sample_rng(seed, 0, index as u64))
            .map_err(|error| anyhow!("{path}: {error}"))?;
        let packed = sample
            .inputs
            .ok_or_else(|| anyhow!("{path}.pipeline: end it with PackInputs"))?;
        let image = to_rgb8(&packed, bgr)?;
        save(&image, &args.out.join(format!("{index:04}.png")))?;
        images.push(image);
    }
    if let Some(grid) = grid(&images) {
        save(&grid, &args.out.join("grid.png"))?;
    }
    println!("wrote {count} images of {key} to {}", args.out.display());
    Ok(())
}

/// A packed CHW image as 8-bit RGB (grey repeated; BGR swapped when `bgr`).
fn to_rgb8(packed: &Packed, bgr: bool) -> anyhow::Result<image::RgbImage> {
    let [channels, height, width] = packed.shape;
    let plane = height * width;
    let order: [usize; 3] = match (channels, bgr) {
        (1, _) => [0, 0, 0],
        (3, false) => [0, 1, 2],
        (3, true) => [2, 1, 0],
        (other, _) => bail!("cannot show images of {other} channels"),
    };
    let mut pixels = Vec::with_capacity(plane * 3);
    for i in 0..plane {
        pixels.extend(
            order
                .iter()
                .map(|&channel| packed.data[channel * plane + i]),
        );
    }
    image::RgbImage::from_raw(width as u32, height as u32, pixels)
        .ok_or_else(|| anyhow!("a packed image of the wrong size"))
}

/// The images in a square-ish grid with 2-pixel gaps, when they share a size.
fn grid(images: &[image::RgbImage]) -> Option<image::RgbImage> {
    let first = images.first()?;
    let (width, height) = first.dimensions();
    if images
        .iter()
        .any(|image| image.dimensions() != (width, height))
    {
        return None;
    }
    let columns = (images.len() as f64).sqrt().ceil() as u32;
    let rows = (images.len() as u32).div_ceil(columns);
    let mut grid = image::RgbImage::new(columns * (width + 2), rows * (height + 2));
    for (i, image) in images.iter().enumerate() {
        let (column, row) = (i as u32 % columns, i as u32 / columns);
        image::imageops::replace(
            &mut grid,
            image,
            i64::from(column * (width + 2)),
            i64::from(row * (height + 2)),
        );
    }
    Some(grid)
}

fn save(image: &image::RgbImage, path: &Path) -> anyhow::Result<()> {
    image
        .save(path)
        .with_context(|| format!("--out: cannot write {}", path.display()))
}
