//! Data pipeline throughput: JPEG decode → RandomResizedCrop 224 → RandomFlip → tensor.
//!
//! `cargo run -p registry-datasets --example throughput --release -- FOLDER [WORKERS] [BATCH] [EPOCHS]`
//! (FOLDER: JPEG files directly inside; prints images per second).

use std::time::Instant;

use burn::data::dataloader::DataLoader;
use burn::tensor::Device;
use datasets::ImageDataLoader;
use registry_core::BuildContext;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let folder = args
        .first()
        .ok_or("usage: throughput FOLDER [WORKERS] [BATCH] [EPOCHS]")?;
    let arg = |i: usize, default: usize| args.get(i).map_or(Ok(default), |a| a.parse());
    let (workers, batch, epochs) = (arg(1, 2)?, arg(2, 32)?, arg(3, 3)?);
    let config = json!({
        "batch_size": batch, "num_workers": workers,
        "dataset": {"type": "CustomDataset", "data_prefix": folder, "with_label": false, "pipeline": [
            {"type": "LoadImageFromFile"}, {"type": "RandomResizedCrop", "scale": 224},
            {"type": "RandomFlip", "prob": 0.5, "direction": "horizontal"}, {"type": "PackInputs"}]},
        "sampler": {"type": "DefaultSampler", "shuffle": true},
    });
    let loader =
        ImageDataLoader::from_config(&config, 0, &Device::flex(), &mut BuildContext::default())?;
    let mut rates = Vec::new();
    for epoch in 0..epochs {
        let start = Instant::now();
        let mut images = 0;
        for batch in loader.iter() {
            images += batch?.images.dims()[0];
        }
        let rate = images as f64 / start.elapsed().as_secs_f64();
        println!("epoch {epoch}: {images} images, {rate:.1} images/s");
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "median: {:.1} images/s ({workers} workers, batch {batch})",
        rates[rates.len() / 2]
    );
    Ok(())
}
