//! `mmreg forward CONFIG --checkpoint PATH --input X.npy --output Y.npy [--features]`: the
//! model's eval-mode output on an array, written as an array, for comparing numbers with
//! PyTorch (`np.load`, then `model.eval()(torch.from_numpy(x))`).

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use checkpoints::{Checkpoint, LoadOptions};
use inference::describe_build_error;
use npyz::WriterBuilder;
use registry_core::burn::module::Module;
use registry_core::burn::tensor::{Device, Tensor, TensorData};
use registry_core::init::InitContext;
use registry_core::{BuildContext, KeyPath, MODELS};
use serde_json::{Value, json};

use crate::cli::{ConfigArgs, DeviceArgs};
use crate::device;
use crate::input::{check_batch, check_npy_size};
use crate::loaded::load_config;

/// Arguments of `mmreg forward`.
#[derive(Debug, clap::Args)]
pub struct ForwardArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Weights to load, strictly: a `.pth` (torchvision's or mmpretrain's names), a
    /// `.safetensors` or a burnpack file. Without it, the model's `init_cfg`s are applied
    /// (`Pretrained` entries load their checkpoints, downloading URLs into torch.hub's cache).
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// Load the checkpoint non-strictly: load what fits and print what did not.
    #[arg(long)]
    pub non_strict: bool,
    /// The input images, a float32 `.npy` array `[N, C, H, W]`, given to the model as they are
    /// (no data preprocessor), as `model(x)` in PyTorch.
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write the output (the logits, or the neck's features without a head), float32
    /// `.npy`.
    #[arg(long)]
    pub output: PathBuf,
    /// Also write each backbone stage's output, as `<output>.stage<K>.npy` with K from 1
    /// (torchvision's `layer1` … `layer4`); every stage up to the last one used is output.
    #[arg(long)]
    pub features: bool,
    /// Fold each BatchNorm into the convolution before it first (mmcv's `fuse_conv_bn`).
    #[arg(long)]
    pub fuse_conv_bn: bool,
    #[command(flatten)]
    pub device: DeviceArgs,
}

/// Runs `mmreg forward`.
pub fn run(args: ForwardArgs) -> anyhow::Result<()> {
    let device = device::parse(&args.device.device)?;
    let config = load_config(&args.config)?;
    let model_path = KeyPath::root().key("model");
    let Some(mut model_config) = config.get(&model_path).cloned() else {
        bail!("the config has no `model` dict");
    };
    if args.features {
        output_every_stage(&mut model_config)?;
    }
    let mut ctx = BuildContext::new(device.clone()).at(model_path);
    let mut model = MODELS
        .build_in(&model_config, &mut ctx)
        .map_err(|error| anyhow::anyhow!("{}", describe_build_error(&error, &config)))?;

    match &args.checkpoint {
        Some(path) => {
            let options = LoadOptions::new()
                .strict(!args.non_strict)
                .key_maps(models::checkpoints::key_maps());
            let report = Checkpoint::open(path)?.load_into(&mut model, &options)?;
            if !report.is_exact() {
                eprintln!("{report}");
            }
        }
        None => {
            let mut init = InitContext::new();
            model.init_weights(&mut init)?;
            for load in init.loaded().iter().filter(|load| !load.report.is_exact()) {
                eprintln!("{} ({}): {}", load.at, load.checkpoint, load.report);
            }
        }
    }
    let mut model = model.valid();
    if args.fuse_conv_bn {
        model = model.fuse_conv_bn();
    }

    let images = read_npy(&args.input, &device, |dims| {
        check_batch(&*model, dims, &args.input.display().to_string())
    })?;
    let output = model.forward(images.clone());
    write_npy(&args.output, output)?;
    if args.features {
        for (stage, features) in model.extract_feat(images).into_iter().enumerate() {
            write_npy(&stage_path(&args.output, stage + 1), features)?;
        }
    }
    Ok(())
}

/// Sets the backbone's `out_indices` to every stage up to the last one it outputs, so that the
/// head still sees the same last stage.
fn output_every_stage(model: &mut Value) -> anyhow::Result<()> {
    let Some(backbone) = model.get_mut("backbone").and_then(Value::as_object_mut) else {
        bail!("--features needs a model with a `backbone` dict");
    };
    let stages = backbone
        .get("num_stages")
        .and_then(Value::as_i64)
        .unwrap_or(4);
    let indices: Vec<i64> = match backbone.get("out_indices") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_i64).collect(),
        Some(other) => other.as_i64().into_iter().collect(),
    };
    // Out-of-range values are left for the build to report at their key.
    let Some(last) = last_stage(&indices, stages) else {
        return Ok(());
    };
    backbone.insert("out_indices".into(), json!((0..=last).collect::<Vec<_>>()));
    Ok(())
}

/// The last stage `indices` (Python-style, negative from the end) name among `stages`; `None`
/// when `stages` is not 1..=64 or an index is out of range.
fn last_stage(indices: &[i64], stages: i64) -> Option<i64> {
    if !(1..=64).contains(&stages) {
        return None;
    }
    let resolved: Option<Vec<i64>> = indices
        .iter()
        .map(|&index| match index {
            index if index < 0 => index.checked_add(stages),
            index => Some(index),
        })
        .map(|index| index.filter(|index| (0..stages).contains(index)))
        .collect();
    resolved?.into_iter().max().or(Some(stages - 1))
}

/// `out.stage2.npy` for `out.npy` and stage 2.
fn stage_path(output: &Path, stage: usize) -> PathBuf {
    let stem = output.file_stem().unwrap_or_default().to_string_lossy();
    output.with_file_name(format!("{stem}.stage{stage}.npy"))
}

/// A float32 `[N, C, H, W]` `.npy` file as a tensor, its shape passed to `check` before any
/// value is read.
fn read_npy(
    path: &Path,
    device: &Device,
    check: impl FnOnce([usize; 4]) -> anyhow::Result<()>,
) -> anyhow::Result<Tensor<4>> {
    check_npy_size(path)?;
    let error = || format!("cannot read {}", path.display());
    let file = File::open(path).with_context(error)?;
    let npy = npyz::NpyFile::new(BufReader::new(file)).with_context(error)?;
    let shape: Vec<usize> = npy.shape().iter().map(|&dim| dim as usize).collect();
    let Ok(dims) = <[usize; 4]>::try_from(shape.as_slice()) else {
        bail!(
            "{}: expected images [N, C, H, W], got shape {shape:?}",
            path.display()
        );
    };
    check(dims)?;
    if npy.order() != npyz::Order::C {
        bail!(
            "{}: expected a C-order array (np.ascontiguousarray)",
            path.display()
        );
    }
    let values: Vec<f32> = match npy.try_data::<f32>() {
        Ok(data) => data.collect::<std::io::Result<_>>().with_context(error)?,
        Err(npy) => match npy.try_data::<f64>() {
            Ok(data) => data
                .map(|value| value.map(|value| value as f32))
                .collect::<std::io::Result<_>>()
                .with_context(error)?,
            Err(npy) => bail!(
                "{}: expected float32 or float64 values, got {}",
                path.display(),
                npy.dtype().descr()
            ),
        },
    };
    Ok(Tensor::from_data(TensorData::new(values, shape), device))
}

/// Writes `tensor` to `path` as a float32 C-order `.npy` file.
fn write_npy<const D: usize>(path: &Path, tensor: Tensor<D>) -> anyhow::Result<()> {
    let shape: Vec<u64> = tensor.dims().iter().map(|&dim| dim as u64).collect();
    let values = tensor
        .into_data()
        .convert::<f32>()
        .try_into_vec::<f32>()
        .map_err(|error| anyhow::anyhow!("cannot read the output: {error:?}"))?;
    let error = || format!("cannot write {}", path.display());
    let file = File::create(path).with_context(error)?;
    let mut writer = npyz::WriteOptions::new()
        .default_dtype()
        .shape(&shape)
        .writer(BufWriter::new(file))
        .begin_nd()
        .with_context(error)?;
    writer.extend(values).with_context(error)?;
    writer.finish().with_context(error)
}
