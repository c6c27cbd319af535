//! `mmreg build CONFIG`: the module tree with parameters per module, and a forward pass's timing.

use std::time::Instant;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};
use model_analysis::module_summary;
use registry_core::burn::module::Module;
use registry_core::burn::tensor::Tensor;

use crate::cli::BuildArgs;
use crate::device;
use crate::format::count;
use crate::input::{check_batch, shape_source};
use crate::loaded::{build_model, load_config};

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let device = device::parse(&args.device.device)?;
    let config = load_config(&args.config)?;
    let started = Instant::now();
    let model = build_model(&config, &device)?;
    let built_in = started.elapsed();
    let model_type = config
        .value()
        .pointer("/model/type")
        .and_then(|name| name.as_str())
        .unwrap_or("model");

    let rows = module_summary(&model, model_type);
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(["Module", "Type", "Parameters"]);
    for row in rows.iter().filter(|row| row.depth <= args.depth) {
        let indent = "  ".repeat(row.depth);
        let name = if row.path.is_empty() {
            "(model)"
        } else {
            row.path.as_str()
        };
        table.add_row([
            format!("{indent}{name}"),
            row.type_name.clone(),
            count(row.params as u64),
        ]);
    }
    if let Some(column) = table.column_mut(2) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    println!("{table}");
    let total = rows.first().map_or(0, |root| root.params);
    println!("parameters: {} ({total})", count(total as u64));
    println!(
        "built in {:.1} ms (parameters are created on first use)",
        built_in.as_secs_f64() * 1e3
    );

    let [channels, height, width] = args.shape;
    let model = model.valid();
    check_batch(
        &*model,
        [1, channels, height, width],
        &shape_source(args.shape),
    )?;
    let mut timings = Vec::new();
    for _ in 0..2 {
        let images = Tensor::zeros([1, channels, height, width], &device);
        let started = Instant::now();
        let logits = model.forward(images);
        logits.into_data();
        timings.push(started.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "forward of one {channels}×{height}×{width} image on {}: {:.1} ms ({:.1} ms on the first pass, which initialises the parameters)",
        args.device.device, timings[1], timings[0]
    );
    Ok(())
}
