//! [`ResNet`], its shared builder, and the ResNetV1c/V1d variants.

use std::collections::BTreeSet;

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::MaxPool2d;
use burn::tensor::Tensor;
use registry_core::init::{InitContext, InitError, check_init_cfg, has_pretrained};
use registry_core::{
    BACKBONES, Backbone, BuildContext, BuildError, Buildable, NormLayer, register_module,
};
use serde_json::Value;

use super::arch::{Arch, BlockKind, StemKind};
use super::basic_block::BasicBlock;
use super::block::{BlockSpec, ResBlock};
use super::bottleneck::Bottleneck;
use super::config::{ResNetArgs, resnet_config};
use super::conv::ConvModule;
use super::downsample::Downsample;
use super::init::init_resnet;
use super::modes::batch_norm_eval;
use super::norm::Norms;
use super::stem::build_stem;
use super::transparent::transparent_resnet;

resnet_config! {
    /// The config of `ResNet`: the shared keys, `deep_stem` and `avg_down`.
    pub struct ResNetConfig {
        /// Replace the 7×7 stem convolution with three 3×3 ones.
        #[serde(default)]
        pub deep_stem: bool,
        /// Downsample with an average pool and a stride-1 convolution.
        #[serde(default)]
        pub avg_down: bool,
    }
}

resnet_config! {
    /// The config of `ResNetV1c` and `ResNetV1d`: the shared keys only, since these variants
    /// fix `deep_stem` and `avg_down` (mmpretrain refuses them too).
    pub struct ResNetVariantConfig {}
}

/// ResNet backbone (mmpretrain's `ResNet`, "ResNet v1b"), depths 18 to 152.
///
/// Returns the feature maps of the stages in `out_indices`. See the [module
/// docs](super) for weight paths and initialisation.
#[register_module(BACKBONES)]
#[derive(Module, Debug)]
pub struct ResNet {
    /// Standard and CIFAR stems: the stem convolution.
    pub conv1: Option<Conv2d>,
    /// Standard and CIFAR stems: its norm.
    pub bn1: Option<Box<dyn NormLayer>>,
    /// Deep stem: three 3×3 `ConvModule`s.
    pub stem: Vec<ConvModule>,
    /// The stem's max-pool (not in the CIFAR stem).
    pub maxpool: Option<MaxPool2d>,
    /// Stage 1.
    pub layer1: Vec<Box<dyn ResBlock>>,
    /// Stage 2 (empty with fewer stages).
    pub layer2: Vec<Box<dyn ResBlock>>,
    /// Stage 3 (empty with fewer stages).
    pub layer3: Vec<Box<dyn ResBlock>>,
    /// Stage 4 (empty with fewer stages).
    pub layer4: Vec<Box<dyn ResBlock>>,
    /// The output stages, sorted.
    #[module(skip)]
    out_indices: Vec<usize>,
    /// The output channels of each stage.
    #[module(skip)]
    stage_channels: Vec<usize>,
    /// The `init_cfg`, applied by `init_weights`.
    #[module(skip)]
    init_cfg: Option<Value>,
    /// Zero the last norm of every block after `init_weights` (unless it loads a checkpoint).
    #[module(skip)]
    zero_init_residual: bool,
}

impl Buildable for ResNet {
    type Config = ResNetConfig;

    fn build(config: ResNetConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let stem = if config.deep_stem {
            StemKind::Deep
        } else {
            StemKind::Standard
        };
        build_resnet(config.args(), &Arch::resnet(stem, config.avg_down), ctx)
    }
}

impl Backbone for ResNet {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        let mut x = self.forward_stem(images);
        let mut outs = Vec::with_capacity(self.out_indices.len());
        for (index, stage) in self.stages().into_iter().enumerate() {
            for block in stage {
                x = block.forward(x);
            }
            if self.out_indices.contains(&index) {
                outs.push(x.clone());
            }
        }
        outs
    }

    fn out_channels(&self) -> Vec<usize> {
        self.out_indices
            .iter()
            .map(|&index| self.stage_channels[index])
            .collect()
    }

    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        init_resnet(self, ctx)
    }

    fn fuse_conv_bn(&self) -> Box<dyn Backbone> {
        Box::new(ResNet::fuse_conv_bn(self))
    }
}

impl ResNet {
    /// The stem's output: convolution(s), norm(s), ReLU, and the max-pool if any.
    pub fn forward_stem(&self, images: Tensor<4>) -> Tensor<4> {
        let x = match (&self.conv1, &self.bn1) {
            (Some(conv1), Some(bn1)) => {
                burn::tensor::activation::relu(bn1.forward(conv1.forward(images)))
            }
            _ => self.stem.iter().fold(images, |x, layer| layer.forward(x)),
        };
        match &self.maxpool {
            Some(maxpool) => maxpool.forward(x),
            None => x,
        }
    }

    /// The blocks of each built stage (`layer1`, …), as many as `num_stages`.
    pub fn stages(&self) -> Vec<&[Box<dyn ResBlock>]> {
        [&self.layer1, &self.layer2, &self.layer3, &self.layer4]
            .into_iter()
            .take(self.stage_channels.len())
            .map(Vec::as_slice)
            .collect()
    }

    /// The output stages, sorted, without duplicates, negative indices resolved.
    pub fn out_indices(&self) -> &[usize] {
        &self.out_indices
    }

    /// The output channels of every stage.
    pub fn stage_channels(&self) -> &[usize] {
        &self.stage_channels
    }

    /// The `init_cfg` of the config, as given.
    pub fn init_cfg(&self) -> Option<&Value> {
        self.init_cfg.as_ref()
    }

    /// Whether `init_weights` zeroes the last norm of every block (`zero_init_residual`).
    pub fn zero_init_residual(&self) -> bool {
        self.zero_init_residual
    }
}

/// Builds the ResNet `arch` from the shared config keys: checks every value first, naming its
/// key, then creates the (lazy) layers.
pub(crate) fn build_resnet(
    args: ResNetArgs,
    arch: &Arch,
    ctx: &mut BuildContext,
) -> Result<ResNet, BuildError> {
    let checked = check(&args, arch, ctx)?;
    if let Some(init_cfg) = &args.init_cfg {
        check_init_cfg(init_cfg, ctx)?;
    }
    let norms = Norms::new(&args.norm_cfg, "norm_cfg", ctx)?;

    let parts = build_stem(arch.stem, args.in_channels, args.stem_channels, &norms, ctx)?;

    // Stochastic depth: rates rise linearly over all blocks of the architecture.
    let total: usize = checked.stage_blocks.iter().sum();
    let mut rates = (0..total).map(|index| match total {
        1 => 0.0,
        _ => args.drop_path_rate * index as f64 / (total - 1) as f64,
    });

    // Zero-init of residuals is skipped for pretrained weights, as mmpretrain does.
    let pretrained = has_pretrained(args.init_cfg.as_ref());

    let mut stages: Vec<Vec<Box<dyn ResBlock>>> = Vec::with_capacity(4);
    let mut stage_channels = Vec::with_capacity(args.num_stages);
    let mut in_channels = args.stem_channels;
    let mut out_channels = args.base_channels * checked.expansion;
    for stage in 0..args.num_stages {
        let num_blocks = checked.stage_blocks[stage];
        let stride = args.strides[stage];
        let mut blocks: Vec<Box<dyn ResBlock>> = Vec::with_capacity(num_blocks);
        for index in 0..num_blocks {
            let block_stride = if index == 0 { stride } else { 1 };
            let downsample = if index == 0 && (stride != 1 || in_channels != out_channels) {
                Some(Downsample::build(
                    in_channels,
                    out_channels,
                    stride,
                    arch.avg_down,
                    &norms,
                    ctx,
                )?)
            } else {
                None
            };
            let spec = BlockSpec {
                in_channels,
                out_channels,
                expansion: checked.expansion,
                stride: block_stride,
                dilation: args.dilations[stage],
                style: args.style,
                groups: arch.groups,
                width_per_group: arch.width_per_group,
                base_channels: args.base_channels,
                se_ratio: arch.se_ratio,
                drop_path_rate: rates.next().unwrap_or(0.0),
                zero_init_residual: args.zero_init_residual && !pretrained,
            };
            blocks.push(match checked.block {
                BlockKind::Basic => Box::new(BasicBlock::build(&spec, downsample, &norms, ctx)?),
                BlockKind::Bottleneck => {
                    Box::new(Bottleneck::build(&spec, downsample, &norms, ctx)?)
                }
            });
            in_channels = out_channels;
        }
        stages.push(blocks);
        stage_channels.push(out_channels);
        out_channels *= 2;
    }
    stages.resize_with(4, Vec::new);
    let [layer1, layer2, layer3, layer4] = <[_; 4]>::try_from(stages).unwrap_or_default();

    let mut resnet = ResNet {
        conv1: parts.conv1,
        bn1: parts.bn1,
        stem: parts.stem,
        maxpool: parts.maxpool,
        layer1,
        layer2,
        layer3,
        layer4,
        out_indices: checked.out_indices,
        stage_channels,
        init_cfg: args.init_cfg,
        zero_init_residual: args.zero_init_residual,
    };
    if args.frozen_stages >= 0 {
        resnet = freeze_stages(resnet, args.frozen_stages as usize);
    }
    if args.norm_eval {
        resnet = batch_norm_eval(resnet);
    }
    Ok(resnet)
}

/// The stem and the first `stages` stages frozen: no gradients, training flags (BatchNorm
/// statistics, drop path) disabled; mmpretrain's `_freeze_stages`.
fn freeze_stages(mut resnet: ResNet, stages: usize) -> ResNet {
    resnet.conv1 = resnet.conv1.map(Module::freeze);
    resnet.bn1 = resnet.bn1.map(Module::freeze);
    resnet.stem = resnet.stem.freeze();
    let layers = [
        &mut resnet.layer1,
        &mut resnet.layer2,
        &mut resnet.layer3,
        &mut resnet.layer4,
    ];
    for layer in layers.into_iter().take(stages) {
        *layer = std::mem::take(layer).freeze();
    }
    resnet
}

/// What [`check`] derives from the config.
struct Checked {
    block: BlockKind,
    stage_blocks: [usize; 4],
    expansion: usize,
    out_indices: Vec<usize>,
}

/// Every value of the config checked, with the key path of the first bad one.
fn check(args: &ResNetArgs, arch: &Arch, ctx: &BuildContext) -> Result<Checked, BuildError> {
    let Some(&(_, block, stage_blocks)) = arch.depths.iter().find(|(d, ..)| *d == args.depth)
    else {
        let valid: Vec<String> = arch.depths.iter().map(|(d, ..)| d.to_string()).collect();
        return Err(ctx.invalid(
            "depth",
            format!(
                "invalid depth {} for {}; expected one of {}",
                args.depth,
                arch.name,
                valid.join(", ")
            ),
        ));
    };
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
    if args.frozen_stages < -1 || args.frozen_stages > stages as i64 {
        return Err(ctx.invalid(
            "frozen_stages",
            format!(
                "expected -1 (nothing frozen) to {stages} (num_stages), got {}",
                args.frozen_stages
            ),
        ));
    }
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
    if arch.groups == 0 {
        return Err(ctx.invalid("groups", "expected at least one group, got 0"));
    }
    if arch.width_per_group == 0 {
        return Err(ctx.invalid("width_per_group", "expected at least 1, got 0"));
    }
    if arch.se_ratio == Some(0) {
        return Err(ctx.invalid("se_ratio", "expected a ratio ≥ 1, got 0"));
    }
    check_widest_stage(args, arch, expansion, ctx)?;
    Ok(Checked {
        block,
        stage_blocks,
        expansion,
        out_indices: out_indices.into_iter().collect(),
    })
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

/// ResNetV1c backbone: ResNet with a deep stem of three 3×3 convolutions (Bag of Tricks).
#[register_module(BACKBONES)]
#[derive(Debug, Clone)]
pub struct ResNetV1c(pub ResNet);

transparent_resnet!(ResNetV1c);

impl Buildable for ResNetV1c {
    type Config = ResNetVariantConfig;

    fn build(config: ResNetVariantConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        build_resnet(config.args(), &Arch::resnet(StemKind::Deep, false), ctx).map(ResNetV1c)
    }
}

/// ResNetV1d backbone: ResNetV1c, downsampling with an average pool (Bag of Tricks).
#[register_module(BACKBONES)]
#[derive(Debug, Clone)]
pub struct ResNetV1d(pub ResNet);

transparent_resnet!(ResNetV1d);

impl Buildable for ResNetV1d {
    type Config = ResNetVariantConfig;

    fn build(config: ResNetVariantConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        build_resnet(config.args(), &Arch::resnet(StemKind::Deep, true), ctx).map(ResNetV1d)
    }
}
