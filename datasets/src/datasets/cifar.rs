//! `CIFAR10` and `CIFAR100` (mmpretrain): the python-version batches, read as data.

use std::path::Path;

use registry_core::{BuildContext, BuildError, Buildable, register_module};

use super::categories::categories;
use super::in_memory::{InMemory, in_memory_dataset};
use crate::dataset::{Base, ImageDataset, dataset_config, join_root};
use crate::error::DataError;
use crate::pickle::{self, Value};
use crate::registries::DATASETS;
use crate::sample::Sample;
use crate::transform::Pipeline;

dataset_config! {
    /// The config of `CIFAR10` and `CIFAR100`.
    pub struct CifarConfig {
        /// The folder holding `cifar-10-batches-py` (or `cifar-100-python`).
        #[serde(default)]
        pub data_root: String,
        /// `train` or `test`.
        #[serde(default = "train")]
        pub split: String,
        /// A folder under `data_root` holding the batch folder.
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

/// One CIFAR layout: folder, batch files, label key.
struct Layout {
    name: &'static str,
    folder: &'static str,
    train: &'static [&'static str],
    test: &'static [&'static str],
}

const CIFAR10_LAYOUT: Layout = Layout {
    name: "CIFAR10",
    folder: "cifar-10-batches-py",
    train: &[
        "data_batch_1",
        "data_batch_2",
        "data_batch_3",
        "data_batch_4",
        "data_batch_5",
    ],
    test: &["test_batch"],
};

const CIFAR100_LAYOUT: Layout = Layout {
    name: "CIFAR100",
    folder: "cifar-100-python",
    train: &["train"],
    test: &["test"],
};

/// Reads a CIFAR split into memory, its images turned from CHW rows to HWC.
fn read_cifar(
    config: CifarConfig,
    layout: &Layout,
    ctx: &mut BuildContext,
) -> Result<InMemory, BuildError> {
    let files = match config.split.as_str() {
        "train" => layout.train,
        "test" => layout.test,
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
    let base = Base::build(config.common(), categories(layout.name), ctx)?;
    let folder = join_root(&config.data_root, &config.data_prefix).join(layout.folder);
    let (mut images, mut labels) = (Vec::new(), Vec::new());
    for file in files {
        let path = folder.join(file);
        read_batch(&path, &mut images, &mut labels, |l| base.label_ok(l)).map_err(|e| {
            ctx.invalid(
                "data_root",
                format!(
                    "{e} (expected {}'s python batch `{file}` there; nothing is downloaded)",
                    layout.name
                ),
            )
        })?;
    }
    base.check_indices(labels.len(), ctx)?;
    Ok(InMemory::new(
        base,
        [32, 32, 3],
        chw_to_hwc(&images),
        labels,
    ))
}

/// 32 × 32 × 3 images from CIFAR's rows of 1024 red, 1024 green and 1024 blue bytes.
fn chw_to_hwc(rows: &[u8]) -> Vec<u8> {
    let mut hwc = vec![0; rows.len()];
    for (chw, hwc) in rows.chunks_exact(3072).zip(hwc.chunks_exact_mut(3072)) {
        for (p, px) in hwc.chunks_exact_mut(3).enumerate() {
            (0..3).for_each(|c| px[c] = chw[c * 1024 + p]);
        }
    }
    hwc
}

/// Appends the images (CHW rows of 3072 bytes) and labels of one batch file.
fn read_batch(
    path: &Path,
    images: &mut Vec<u8>,
    labels: &mut Vec<i64>,
    label_ok: impl Fn(i64) -> bool,
) -> Result<(), DataError> {
    let bytes = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
    let bad = |m: String| DataError::format(path, m);
    let batch = pickle::read(&bytes).map_err(|e| bad(format!("not a CIFAR batch pickle: {e}")))?;
    let Some(Value::Array { dtype, shape, data }) = batch.get("data") else {
        return Err(bad("no numpy array under `data`".into()));
    };
    if !matches!(dtype.as_str(), "u1" | "|u1" | "uint8")
        || shape.len() != 2
        || shape[1] != 3072
        || shape[0].checked_mul(3072) != Some(data.len())
    {
        return Err(bad(format!(
            "`data` is a {dtype} array of shape {shape:?} ({} bytes); expected uint8 (N, 3072)",
            data.len()
        )));
    }
    let Some(Value::List(list)) = batch.get("labels").or_else(|| batch.get("fine_labels")) else {
        return Err(bad("no list under `labels` (or `fine_labels`)".into()));
    };
    if list.len() != shape[0] {
        return Err(bad(format!(
            "{} labels for {} images",
            list.len(),
            shape[0]
        )));
    }
    for (i, label) in list.iter().enumerate() {
        match label {
            Value::Int(l) if label_ok(*l) => labels.push(*l),
            other => {
                return Err(bad(format!(
                    "sample {i} has label {other:?}, not a class index (0 ≤ label < number of classes)"
                )));
            }
        }
    }
    images.extend_from_slice(data);
    Ok(())
}

macro_rules! cifar_dataset {
    ($(#[$meta:meta])* $name:ident, $layout:expr) => {
        in_memory_dataset!($(#[$meta])* $name, CifarConfig, |config, ctx| {
            read_cifar(config, &$layout, ctx)
        });
    };
}

cifar_dataset!(
    /// CIFAR-10 from `data_root/cifar-10-batches-py/` (`data_batch_1`–`5`, `test_batch`):
    /// 32 × 32 RGB images, mmpretrain's class names.
    CIFAR10, CIFAR10_LAYOUT
);
cifar_dataset!(
    /// CIFAR-100 from `data_root/cifar-100-python/` (`train`, `test`), fine labels.
    CIFAR100, CIFAR100_LAYOUT
);
