//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Registries and configs for Burn models, as OpenMMLab's tools.
#[derive(Debug, Parser)]
#[command(name = "mmreg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A table of registered entries (name, aliases, scope, type, source location).
    List(ListArgs),
    /// One entry: its doc, registry, scope, location, and every config argument.
    Show(ShowArgs),
    /// Check a config completely: every error at once, with key paths and source positions.
    Validate(ValidateArgs),
    /// Print the merged config (after `_base_` files and --cfg-options).
    Dump(DumpArgs),
    /// The backends this build has (GPU ones are cargo features) and the devices this machine offers.
    Devices,
    /// Build the model: its module tree with parameters per module, and a forward pass's timing.
    Build(BuildArgs),
    /// Parameters and FLOPs per layer and in total, as mmengine's get_model_complexity_info.
    Complexity(ComplexityArgs),
    /// Forward throughput: median and spread of ms/batch, and images/s.
    Bench(BenchArgs),
    /// The model's eval-mode output on a .npy array (with --features, every stage's), to compare numbers with PyTorch.
    Forward(crate::commands::forward::ForwardArgs),
    /// Classify images (files or folders) with the config's test pipeline and a checkpoint, as mmpretrain's image_demo.py.
    Predict(crate::commands::predict::PredictArgs),
    /// Train as the config says (data, optimizer, schedule, loops, hooks) with burn-train's Learner, as tools/train.py.
    Train(crate::commands::train::TrainArgs),
    /// A checkpoint's metrics on the config's test split, as tools/test.py.
    Test(crate::commands::test::TestArgs),
    /// What a split's pipeline produces, as PNG files, as browse_dataset.py.
    BrowseDataset(crate::commands::browse::BrowseArgs),
    /// Host a device for other mmreg processes (`--device ws://HOST:PORT`), until Ctrl+C; needs the `remote` feature. No authentication, no encryption: every client that connects runs tensor operations here, so listen on a trusted network only.
    Serve(crate::commands::serve::ServeArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this registry (e.g. BACKBONES; case does not matter). All registries if omitted.
    pub registry: Option<String>,
    /// Only entries whose name or an alias matches this glob (e.g. 'resnet*'; case does not matter).
    pub pattern: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry: its name, an alias, or scope.Name.
    pub name: String,
    /// The registry to look in, when the name is registered in several.
    #[arg(long)]
    pub registry: Option<String>,
    /// Print the JSON Schema of the entry's config instead.
    #[arg(long)]
    pub schema: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The format to print.
    #[arg(long, value_enum, default_value = "json")]
    pub format: DumpFormat,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub device: DeviceArgs,
    /// Show modules down to this depth of the tree.
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// The input of the timed forward pass: channels,height,width.
    #[arg(long, value_parser = parse_shape, default_value = "3,224,224")]
    pub shape: [usize; 3],
}

#[derive(Debug, Args)]
pub struct ComplexityArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The input: channels,height,width.
    #[arg(long, value_parser = parse_shape, default_value = "3,224,224")]
    pub shape: [usize; 3],
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub device: DeviceArgs,
    /// Images per batch.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub batch: u32,
    /// The input: channels,height,width.
    #[arg(long, value_parser = parse_shape, default_value = "3,224,224")]
    pub shape: [usize; 3],
    /// Timed forward passes.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub iters: u32,
    /// Untimed forward passes first.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub warmup: u32,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Fold each BatchNorm into the convolution before it (mmcv's fuse_conv_bn) before timing.
    #[arg(long)]
    pub fuse_conv_bn: bool,
    /// Time full training steps instead of forward passes: the loss of the config's head,
    /// backward, and an SGD step (momentum 0.9), on the device with autodiff.
    #[arg(long, conflicts_with = "fuse_conv_bn")]
    pub train: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `--device`.
#[derive(Debug, Args)]
// clap prints the field's doc as it is, so `wgpu[:K]` stays unescaped (not an intra-doc link).
#[allow(rustdoc::broken_intra_doc_links)]
pub struct DeviceArgs {
    /// The device to run on: flex (or cpu, the pure-Rust CPU backend), wgpu[:K], vulkan[:K],
    /// metal[:K], cuda[:N] or ws://HOST:PORT (a device `mmreg serve` hosts); K: N (the Nth
    /// discrete GPU), cpu (a software adapter such as lavapipe), integrated[:N] or virtual[:N].
    /// GPU backends and remote devices need their cargo feature; `mmreg devices` lists this
    /// build's.
    #[arg(long, default_value = "flex")]
    pub device: String,
}

/// Reads `3,224,224`.
pub fn parse_shape(text: &str) -> Result<[usize; 3], String> {
    let dims: Vec<usize> = text
        .split(',')
        .map(|dim| {
            dim.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{dim}` is not a size"))
        })
        .collect::<Result<_, _>>()?;
    match dims.as_slice() {
        [c, h, w] if dims.iter().all(|&dim| (1..=65_536).contains(&dim)) => Ok([*c, *h, *w]),
        [_, _, _] => Err("each size must be between 1 and 65536".to_owned()),
        _ => Err(format!(
            "expected channels,height,width, got {} numbers",
            dims.len()
        )),
    }
}

/// Options every command that reads a config accepts.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The config file: .py (mmengine style, read as data), .json, .yaml/.yml or .toml.
    pub config: PathBuf,
    /// Override config values, as mmengine's --cfg-options: key.path=value ...
    #[arg(long = "cfg-options", value_name = "KEY=VALUE", num_args = 1..)]
    pub cfg_options: Vec<String>,
}

/// Output formats of `dump`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DumpFormat {
    Json,
    Yaml,
    Toml,
    Py,
}
