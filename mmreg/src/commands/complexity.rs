//! `mmreg complexity CONFIG [--shape C,H,W] [--json]`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};
use model_analysis::complexity;
use serde_json::json;

use crate::cli::ComplexityArgs;
use crate::format::count;
use crate::input::{check_batch, shape_source};
use crate::loaded::{build_model, load_config};

pub fn run(args: ComplexityArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?;
    let model = build_model(&config, &registry_core::burn::tensor::Device::flex())?;
    let [channels, height, width] = args.shape;
    check_batch(
        &*model,
        [1, channels, height, width],
        &shape_source(args.shape),
    )?;
    let counted = complexity(&model, [1, channels, height, width], |model, images| {
        model.forward(images)
    })?;
    if args.json {
        let layers: Vec<_> = counted
            .layers
            .iter()
            .map(|layer| {
                json!({
                    "module": layer.module,
                    "operation": layer.operation,
                    "output_shape": layer.output_shape,
                    "flops": layer.flops,
                })
            })
            .collect();
        let report = json!({
            "params": counted.params,
            "flops": counted.flops,
            "input_shape": [1, channels, height, width],
            "layers": layers,
        });
        println!("{report}");
        return Ok(());
    }
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "Module",
        "Operation",
        "Output shape",
        "FLOPs",
    ]);
    for layer in &counted.layers {
        let module = if layer.module.is_empty() {
            "-"
        } else {
            layer.module.as_str()
        };
        table.add_row([
            module.to_owned(),
            layer.operation.to_owned(),
            format!("{:?}", layer.output_shape),
            count(layer.flops),
        ]);
    }
    if let Some(column) = table.column_mut(3) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    println!("{table}");
    println!("input shape: (1, {channels}, {height}, {width})");
    println!(
        "parameters:  {} ({})",
        count(counted.params as u64),
        counted.params
    );
    println!(
        "FLOPs:       {} ({}, multiply-accumulates as mmengine counts them)",
        count(counted.flops),
        counted.flops
    );
    Ok(())
}
