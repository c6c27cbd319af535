//! [`ResNet`], its shared builder, and the ResNetV1c/V1d variants.

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
use super::args_check::{Checked, check};
use super::basic_block::BasicBlock;
use super::block::{BlockSpec, ResBlock};
use super::bottleneck::Bottleneck;
use super::config::{ResNetArgs, resnet_config};
use super::conv::ConvModule;
use super::downsample::Downsample;
use super::fused::conv_norm;
use super::init::init_resnet;
use super::max_pool::max_pool;
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
    /// The channels of its input images.
    #[module(skip)]
    in_channels: usize,
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

    fn in_channels(&self) -> Option<usize> {
        Some(self.in_channels)
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
            (Some(conv1), Some(bn1)) => conv_norm(conv1, &**bn1, images, None, true),
            _ => self.stem.iter().fold(images, |x, layer| layer.forward(x)),
        };
        match &self.maxpool {
            Some(maxpool) => max_pool(maxpool, x),
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

    // Zero-init of residuals is skipped for pretrained weights, as mmpretrain does.
    let plan = StagePlan {
        args: &args,
        arch,
        checked: &checked,
        norms: &norms,
        zero_init_residual: args.zero_init_residual && !has_pretrained(args.init_cfg.as_ref()),
    };
    let (mut stages, stage_channels) = build_stages(&plan, ctx)?;
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
        in_channels: args.in_channels,
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

/// The blocks of one stage.
type Stage = Vec<Box<dyn ResBlock>>;

/// What every block of the network is built from.
struct StagePlan<'a> {
    args: &'a ResNetArgs,
    arch: &'a Arch,
    checked: &'a Checked,
    norms: &'a Norms<'a>,
    zero_init_residual: bool,
}

/// The blocks of every stage, and each stage's output channels.
fn build_stages(
    plan: &StagePlan,
    ctx: &mut BuildContext,
) -> Result<(Vec<Stage>, Vec<usize>), BuildError> {
    let (args, checked) = (plan.args, plan.checked);
    // Stochastic depth: rates rise linearly over all blocks of the architecture.
    let total: usize = checked.stage_blocks.iter().sum();
    let mut rates = (0..total).map(|index| match total {
        1 => 0.0,
        _ => args.drop_path_rate * index as f64 / (total - 1) as f64,
    });
    let mut stages = Vec::with_capacity(4);
    let mut stage_channels = Vec::with_capacity(args.num_stages);
    let mut in_channels = args.stem_channels;
    let mut out_channels = args.base_channels * checked.expansion;
    for stage in 0..args.num_stages {
        let mut blocks: Stage = Vec::with_capacity(checked.stage_blocks[stage]);
        for index in 0..checked.stage_blocks[stage] {
            let rate = rates.next().unwrap_or(0.0);
            let spec = block_spec(plan, stage, index, [in_channels, out_channels], rate);
            blocks.push(build_block(plan, &spec, ctx)?);
            in_channels = out_channels;
        }
        stages.push(blocks);
        stage_channels.push(out_channels);
        out_channels *= 2;
    }
    Ok((stages, stage_channels))
}

/// Block `index` of `stage`: the first of a stage takes its stride.
fn block_spec(
    plan: &StagePlan,
    stage: usize,
    index: usize,
    [in_channels, out_channels]: [usize; 2],
    drop_path_rate: f64,
) -> BlockSpec {
    let (args, arch) = (plan.args, plan.arch);
    BlockSpec {
        in_channels,
        out_channels,
        expansion: plan.checked.expansion,
        stride: if index == 0 { args.strides[stage] } else { 1 },
        dilation: args.dilations[stage],
        style: args.style,
        groups: arch.groups,
        width_per_group: arch.width_per_group,
        base_channels: args.base_channels,
        se_ratio: arch.se_ratio,
        drop_path_rate,
        zero_init_residual: plan.zero_init_residual,
    }
}

/// One block, with a downsample where its stride or width changes.
fn build_block(
    plan: &StagePlan,
    spec: &BlockSpec,
    ctx: &mut BuildContext,
) -> Result<Box<dyn ResBlock>, BuildError> {
    let downsample = if spec.stride != 1 || spec.in_channels != spec.out_channels {
        Some(Downsample::build(
            spec.in_channels,
            spec.out_channels,
            spec.stride,
            plan.arch.avg_down,
            plan.norms,
            ctx,
        )?)
    } else {
        None
    };
    Ok(match plan.checked.block {
        BlockKind::Basic => Box::new(BasicBlock::build(spec, downsample, plan.norms, ctx)?),
        BlockKind::Bottleneck => Box::new(Bottleneck::build(spec, downsample, plan.norms, ctx)?),
    })
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
