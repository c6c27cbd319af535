//! `MNIST` and `FashionMNIST` (mmpretrain): IDX files, gzipped or not.

use std::path::{Path, PathBuf};

use registry_core::{BuildContext, BuildError, Buildable, register_module};

use super::categories::categories;
use super::in_memory::{InMemory, in_memory_dataset};
use crate::dataset::{Base, ImageDataset, dataset_config, join_root};
use crate::error::DataError;
use crate::idx::{Idx, read_idx};
use crate::registries::DATASETS;
use crate::sample::Sample;
use crate::transform::Pipeline;

dataset_config! {
    /// The config of `MNIST` and `FashionMNIST`.
    pub struct MnistConfig {
        /// The folder holding the IDX files.
        #[serde(default)]
        pub data_root: String,
        /// `train` or `test`.
        #[serde(default = "train")]
        pub split: String,
        /// A folder under `data_root` holding the files.
        #[serde(default)]
        pub data_prefix: String,
        /// Accepted; nothing is downloaded: missing files are an error naming them.
        #[serde(default = "crate::dataset::yes")]
        pub download: bool,
    }
}

fn train() -> String {
    "train".into()
}

/// The `(images, labels)` file names of each split, as mmpretrain's (without `.gz`).
const TRAIN: [&str; 2] = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"];
const TEST: [&str; 2] = ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/// Reads an MNIST-layout split (`name`: MNIST or FashionMNIST) into memory.
fn read_mnist(
    config: MnistConfig,
    name: &str,
    ctx: &mut BuildContext,
) -> Result<InMemory, BuildError> {
    let test = match config.split.as_str() {
        "train" => config.test_mode,
        "test" => true,
        other => {
            return Err(ctx.invalid(
                "split",
                format!("expected 'train' or 'test', got '{other}'"),
            ));
        }
    };
    if config.data_root.is_empty() && config.data_prefix.is_empty() {
        return Err(ctx.invalid(
            "data_root",
            "expected the folder holding the dataset, got ''",
        ));
    }
    let base = Base::build(config.common(), categories(name), ctx)?;
    let root = join_root(&config.data_root, &config.data_prefix);
    let [images, labels] = if test { TEST } else { TRAIN };
    let read = |file: &str| -> Result<Idx, DataError> { read_idx(&locate(&root, file)?) };
    let fail =
        |e: DataError| ctx.invalid("data_root", format!("{e} ({name}; nothing is downloaded)"));
    let images = read(images).map_err(fail)?;
    let label_file = read(labels).map_err(fail)?;
    let n = label_file.dims[0];
    if images.dims.len() != 3 || images.dims[0] != n || label_file.dims.len() != 1 {
        return Err(ctx.invalid("data_root", format!(
                "{}: images of shape {:?} and labels of shape {:?} do not match (expected (N, H, W) and (N,))",
                root.display(), images.dims, label_file.dims)));
    }
    let labels: Vec<i64> = label_file.data.iter().map(|&l| l as i64).collect();
    if let Some(bad) = labels.iter().position(|&l| !base.label_ok(l)) {
        return Err(ctx.invalid(
            "data_root",
            format!(
                "{}: label {} of sample {bad} is not a class index",
                root.display(),
                labels[bad]
            ),
        ));
    }
    base.check_indices(n, ctx)?;
    let shape = [images.dims[1], images.dims[2], 1];
    Ok(InMemory::new(base, shape, images.data, labels))
}

/// `root/file`, else `root/file.gz`; the error names both.
fn locate(root: &Path, file: &str) -> Result<PathBuf, DataError> {
    let plain = root.join(file);
    let gz = root.join(format!("{file}.gz"));
    match (plain.is_file(), gz.is_file()) {
        (true, _) => Ok(plain),
        (false, true) => Ok(gz),
        _ => Err(DataError::format(
            &plain,
            format!(
                "missing: expected the IDX file here or gzipped at {}",
                gz.display()
            ),
        )),
    }
}

macro_rules! mnist_dataset {
    ($(#[$meta:meta])* $name:ident) => {
        in_memory_dataset!($(#[$meta])* $name, MnistConfig, |config, ctx| {
            read_mnist(config, stringify!($name), ctx)
        });
    };
}

mnist_dataset!(
    /// MNIST: 28 × 28 grey digits. The test files are read for `split='test'` or `test_mode=True`
    /// (mmpretrain chooses by `test_mode`).
    MNIST
);
mnist_dataset!(
    /// Fashion-MNIST: 28 × 28 grey clothes, same files and layout as MNIST.
    FashionMNIST
);
