//! [`check`]: every value of a ResNet config checked before anything is built, each error
//! naming its key.

use std::collections::BTreeSet;

use registry_core::{BuildContext, BuildError};
use serde_json::Value;

use super::arch::{Arch, BlockKind, StemKind};
use super::config::ResNetArgs;

/// What [`check`] derives from the config.
pub(super) struct Checked {
    pub block: BlockKind,
    pub stage_blocks: [usize; 4],
    pub expansion: usize,
    pub out_indices: Vec<usize>,
}

/// Every value of the config checked, with the key path of the first bad one.
pub(super) fn check(
    args: &ResNetArgs,
    arch: &Arch,
    ctx: &BuildContext,
) -> Result<Checked, BuildError> {
    let (block, stage_blocks) = check_depth(args, arch, ctx)?;
    check_stages(args, ctx)?;
    let out_indices = check_out_indices(args, ctx)?;
    check_unsupported(args, ctx)?;
    check_channels(args, arch, ctx)?;
    let expansion = check_expansion(args, block, ctx)?;
    check_arch(arch, ctx)?;
    check_widest_stage(args, arch, expansion, ctx)?;
    Ok(Checked {
        block,
        stage_blocks,
        expansion,
        out_indices,
    })
}

/// The block and blocks per stage of `depth`, one of the architecture's depths.
fn check_depth(
    args: &ResNetArgs,
    arch: &Arch,
    ctx: &BuildContext,
) -> Result<(BlockKind, [usize; 4]), BuildError> {
    match arch.depths.iter().find(|(d, ..)| *d == args.depth) {
        Some(&(_, block, stage_blocks)) => Ok((block, stage_blocks)),
        None => {
            let valid: Vec<String> = arch.depths.iter().map(|(d, ..)| d.to_string()).collect();
            Err(ctx.invalid(
                "depth",
                format!(
                    "invalid depth {} for {}; expected one of {}",
                    args.depth,
                    arch.name,
                    valid.join(", ")
                ),
            ))
        }
    }
}

/// `num_stages` in 1..=4, one stride and dilation ≥ 1 per stage, `frozen_stages` in range.
fn check_stages(args: &ResNetArgs, ctx: &BuildContext) -> Result<(), BuildError> {
    let stages = args.num_stages;
    if !(1..=4).contains(&stages) {
        return Err(ctx.invalid(
            "num_stages",
            format!("expected 1 to 4 stages, got {stages}"),
        ));
    }
    for (key, values) in [("strides", &args.strides), ("dilations", &args.dilations)] {
        if values.len() != stages {
            return Err(ctx.invalid(
                key,
                format!(
                    "expected {stages} {key}, one per stage (num_stages={stages}), got {}",
                    values.len()
                ),
            ));
        }
        if let Some(index) = values.iter().position(|&value| value == 0) {
            let what = key.trim_end_matches('s');
            return Err(ctx.invalid(
                key,
                format!("expected every {what} ≥ 1, got 0 at index {index}"),
            ));
        }
    }
    if args.frozen_stages < -1 || args.frozen_stages > stages as i64 {
        return Err(ctx.invalid(
            "frozen_stages",
            format!(
                "expected -1 (nothing frozen) to {stages} (num_stages), got {}",
                args.frozen_stages
            ),
        ));
    }
    Ok(())
}

/// The output stages, negative indices counted from the end, sorted and without repeats.
fn check_out_indices(args: &ResNetArgs, ctx: &BuildContext) -> Result<Vec<usize>, BuildError> {
    let stages = args.num_stages;
    if args.out_indices.is_empty() {
        return Err(ctx.invalid("out_indices", "expected at least one stage index"));
    }
    let mut out_indices = BTreeSet::new();
    for &index in &args.out_indices {
        let resolved = if index < 0 {
            index + stages as i64
        } else {
            index
        };
        if !(0..stages as i64).contains(&resolved) {
            return Err(ctx.invalid(
                "out_indices",
                format!(
                    "stage index {index} is out of range for num_stages={stages} (expected -{stages} to {})",
                    stages - 1
                ),
            ));
        }
        out_indices.insert(resolved as usize);
    }
    Ok(out_indices.into_iter().collect())
}

/// What mmpretrain accepts and this ResNet does not build: special convolutions, gradient
/// checkpointing; and a drop-path rate in [0, 1).
fn check_unsupported(args: &ResNetArgs, ctx: &BuildContext) -> Result<(), BuildError> {
    if let Some(conv_cfg) = &args.conv_cfg {
        let kind = conv_cfg.get("type").and_then(Value::as_str);
        let plain = conv_cfg.as_object().is_some_and(|map| map.len() == 1)
            && matches!(kind, Some("Conv2d" | "Conv"));
        if !plain {
            return Err(ctx.invalid(
                "conv_cfg",
                format!("only plain convolutions (None or dict(type='Conv2d')) are supported, got {conv_cfg}"),
            ));
        }
    }
    if args.with_cp {
        return Err(ctx.invalid(
            "with_cp",
            "with_cp=True (gradient checkpointing per block) is not supported; Burn chooses \
             checkpointing per autodiff device",
        ));
    }
    let rate = args.drop_path_rate;
    if !(rate.is_finite() && (0.0..1.0).contains(&rate)) {
        return Err(ctx.invalid(
            "drop_path_rate",
            format!("expected a rate in [0, 1), got {rate}"),
        ));
    }
    Ok(())
}

/// Input, stem and base channels ≥ 1 and within the width limit; ≥ 2 for a deep stem.
fn check_channels(args: &ResNetArgs, arch: &Arch, ctx: &BuildContext) -> Result<(), BuildError> {
    for (key, value) in [
        ("in_channels", args.in_channels),
        ("stem_channels", args.stem_channels),
        ("base_channels", args.base_channels),
    ] {
        if value == 0 {
            return Err(ctx.invalid(key, "expected at least one channel, got 0"));
        }
        ctx.check_width(key, value)?;
    }
    if arch.stem == StemKind::Deep && args.stem_channels < 2 {
        return Err(ctx.invalid(
            "stem_channels",
            format!(
                "a deep stem needs at least 2 stem channels (its first convolutions have half), got {}",
                args.stem_channels
            ),
        ));
    }
    Ok(())
}

/// The block's expansion: the config's (≥ 1, and 1 for BasicBlock) or the block's default.
fn check_expansion(
    args: &ResNetArgs,
    block: BlockKind,
    ctx: &BuildContext,
) -> Result<usize, BuildError> {
    let expansion = match args.expansion {
        None => block.default_expansion(),
        Some(0) => return Err(ctx.invalid("expansion", "expected an expansion ≥ 1, got 0")),
        Some(expansion) => expansion,
    };
    if block == BlockKind::Basic && expansion != 1 {
        return Err(ctx.invalid(
            "expansion",
            format!(
                "BasicBlock (depth {}) requires expansion 1, got {expansion}",
                args.depth
            ),
        ));
    }
    Ok(expansion)
}

/// Groups, width per group and SE ratio of the architecture, each ≥ 1.
fn check_arch(arch: &Arch, ctx: &BuildContext) -> Result<(), BuildError> {
    if arch.groups == 0 {
        return Err(ctx.invalid("groups", "expected at least one group, got 0"));
    }
    if arch.width_per_group == 0 {
        return Err(ctx.invalid("width_per_group", "expected at least 1, got 0"));
    }
    if arch.se_ratio == Some(0) {
        return Err(ctx.invalid("se_ratio", "expected a ratio ≥ 1, got 0"));
    }
    Ok(())
}

/// The widths of the last stage (its output, and ResNeXt's grouped middle) within the
/// context's width limit, so that no channel count overflows or allocates beyond it.
fn check_widest_stage(
    args: &ResNetArgs,
    arch: &Arch,
    expansion: usize,
    ctx: &BuildContext,
) -> Result<(), BuildError> {
    ctx.check_width("expansion", expansion)?;
    ctx.check_width("groups", arch.groups)?;
    ctx.check_width("width_per_group", arch.width_per_group)?;
    let doublings = 1_usize << (args.num_stages - 1);
    let limit = ctx.size_limits().max_width;
    let widest = args
        .base_channels
        .checked_mul(expansion)
        .and_then(|width| width.checked_mul(doublings));
    if widest.is_none_or(|width| width > limit) {
        return Err(ctx.invalid(
            "base_channels",
            format!(
                "the last stage would have {} × {expansion} (expansion) × {doublings} channels, \
                 over the limit of {limit} on one layer's width (BuildContext::with_size_limits)",
                args.base_channels
            ),
        ));
    }
    let grouped = arch
        .groups
        .checked_mul(arch.width_per_group)
        .and_then(|width| width.checked_mul(doublings));
    if arch.groups != 1 && grouped.is_none_or(|width| width > limit) {
        return Err(ctx.invalid(
            "width_per_group",
            format!(
                "the last stage would have {} (groups) × {} × {doublings} middle channels, over \
                 the limit of {limit} on one layer's width (BuildContext::with_size_limits)",
                arch.groups, arch.width_per_group
            ),
        ));
    }
    Ok(())
}
