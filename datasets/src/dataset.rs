//! The dataset trait, and what every dataset shares (mmengine's `BaseDataset` arguments).

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError};
use serde::Deserialize;
use serde_json::Value;

use crate::error::DataError;
use crate::sample::Sample;
use crate::transform::Pipeline;

/// An indexed collection of samples with its pipeline (mmengine's `BaseDataset`).
pub trait ImageDataset: Send + Sync + Debug {
    /// The number of samples.
    fn len(&self) -> usize;

    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The raw sample `index` (its `img_path` or `img`, and `gt_label`), before the pipeline.
    fn load(&self, index: usize) -> Result<Sample, DataError>;

    /// The transforms applied by [`get`](Self::get).
    fn pipeline(&self) -> &Pipeline;

    /// The class names, when known (`metainfo['classes']`).
    fn classes(&self) -> Option<&[String]>;

    /// Sample `index` through the pipeline, drawing random choices from `rng`.
    fn get(&self, index: usize, rng: &mut StdRng) -> Result<Sample, DataError> {
        self.pipeline().apply(self.load(index)?, rng)
    }
}

/// `classes`: a list of names, or a file of one name per line.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ClassesConfig {
    /// A file, one class name per line.
    File(String),
    /// The names.
    Names(Vec<String>),
}

/// `indices`: the first `n` samples, or the listed ones.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum IndicesConfig {
    /// The first `n`.
    First(usize),
    /// These, in this order.
    These(Vec<usize>),
}

/// Adds mmengine's `BaseDataset` keys to a dataset config struct.
macro_rules! dataset_config {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Transform configs, built through `TRANSFORMS`.
            #[serde(default)]
            pub pipeline: Vec<serde_json::Value>,
            /// Test split semantics (MNIST: the test files).
            #[serde(default)]
            pub test_mode: bool,
            /// Meta information; its `classes` wins over `classes`.
            #[serde(default)]
            pub metainfo: Option<serde_json::Value>,
            /// Class names, or a file of them.
            #[serde(default)]
            pub classes: Option<$crate::dataset::ClassesConfig>,
            /// Keep only these samples (or the first `n`).
            #[serde(default)]
            pub indices: Option<$crate::dataset::IndicesConfig>,
            /// Accepted; no effect (samples are held compactly already).
            #[serde(default = "crate::dataset::yes")]
            pub serialize_data: bool,
            /// Accepted; annotations are always read when built.
            #[serde(default)]
            pub lazy_init: bool,
            /// Accepted; a failing sample is an error, never replaced.
            #[serde(default = "crate::dataset::thousand")]
            pub max_refetch: u64,
            /// Sample filtering: not supported (`None` only).
            #[serde(default)]
            pub filter_cfg: Option<serde_json::Value>,
        }

        impl $name {
            #[allow(dead_code)]
            fn common(&self) -> $crate::dataset::Common<'_> {
                $crate::dataset::Common {
                    pipeline: &self.pipeline,
                    metainfo: self.metainfo.as_ref(),
                    classes: self.classes.as_ref(),
                    indices: self.indices.as_ref(),
                    filter_cfg: self.filter_cfg.as_ref(),
                }
            }
        }
    };
}
pub(crate) use dataset_config;

pub(crate) fn yes() -> bool {
    true
}
pub(crate) fn thousand() -> u64 {
    1000
}

/// The shared keys of a dataset config, borrowed.
pub struct Common<'a> {
    /// `pipeline`.
    pub pipeline: &'a [Value],
    /// `metainfo`.
    pub metainfo: Option<&'a Value>,
    /// `classes`.
    pub classes: Option<&'a ClassesConfig>,
    /// `indices`.
    pub indices: Option<&'a IndicesConfig>,
    /// `filter_cfg`.
    pub filter_cfg: Option<&'a Value>,
}

/// What every dataset holds besides its samples: pipeline, classes and index subset.
#[derive(Debug, Default)]
pub struct Base {
    /// The pipeline.
    pub pipeline: Pipeline,
    /// The class names, if known.
    pub classes: Option<Vec<String>>,
    indices: Option<Vec<usize>>,
}

impl Base {
    /// Builds the pipeline and reads the classes (`metainfo.classes`, else `classes`, else
    /// `default_classes`).
    pub fn build(
        common: Common<'_>,
        default_classes: Option<Vec<String>>,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        if common.filter_cfg.is_some_and(|v| !v.is_null()) {
            return Err(ctx.invalid(
                "filter_cfg",
                "sample filtering is not supported; expected None",
            ));
        }
        let pipeline = ctx.nested("pipeline", |ctx| Pipeline::build(common.pipeline, ctx))?;
        let from_meta = match common.metainfo.and_then(|m| m.get("classes")) {
            None | Some(Value::Null) => None,
            Some(Value::String(path)) => Some(
                read_lines(Path::new(path)).map_err(|e| ctx.invalid("metainfo", e.to_string()))?,
            ),
            Some(v) => Some(names(v).ok_or_else(|| {
                ctx.invalid(
                    "metainfo",
                    "expected `classes` to be a list of names or a file of them",
                )
            })?),
        };
        let from_arg = match common.classes {
            None => None,
            Some(ClassesConfig::Names(names)) => Some(names.clone()),
            Some(ClassesConfig::File(path)) => Some(
                read_lines(Path::new(path)).map_err(|e| ctx.invalid("classes", e.to_string()))?,
            ),
        };
        let indices = common.indices.map(|i| match i {
            IndicesConfig::First(n) => (0..*n).collect(),
            IndicesConfig::These(v) => v.clone(),
        });
        Ok(Base {
            pipeline,
            classes: from_meta.or(from_arg).or(default_classes),
            indices,
        })
    }

    /// Restricts to `indices` once the number of raw samples is known; errors name `indices`.
    pub fn check_indices(&self, raw_len: usize, ctx: &BuildContext) -> Result<(), BuildError> {
        match self
            .indices
            .as_ref()
            .and_then(|v| v.iter().find(|&&i| i >= raw_len))
        {
            Some(i) => Err(ctx.invalid(
                "indices",
                format!("index {i} is past the {raw_len} samples"),
            )),
            None => Ok(()),
        }
    }

    /// The number of samples, given `raw_len` before `indices`.
    pub fn len(&self, raw_len: usize) -> usize {
        self.indices
            .as_ref()
            .map_or(raw_len, |v| v.len().min(raw_len))
    }

    /// The raw index of sample `index`.
    pub fn raw_index(&self, index: usize, raw_len: usize) -> Result<usize, DataError> {
        let len = self.len(raw_len);
        if index >= len {
            return Err(DataError::OutOfRange { index, len });
        }
        Ok(self.indices.as_ref().map_or(index, |v| v[index]))
    }

    /// Checks `label` against the classes, if known.
    pub fn label_ok(&self, label: i64) -> bool {
        label >= 0
            && self
                .classes
                .as_ref()
                .is_none_or(|c| (label as usize) < c.len())
    }
}

fn names(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// The non-empty lines of a text file, trimmed at the end (mmengine's `list_from_file`).
pub fn read_lines(path: &Path) -> Result<Vec<String>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::io(path, e))?;
    Ok(text
        .lines()
        .map(|l| l.trim_end().to_owned())
        .filter(|l| !l.is_empty())
        .collect())
}

/// mmengine's prefix joining: relative `path` under `data_root` (if any).
pub fn join_root(data_root: &str, path: &str) -> PathBuf {
    let p = Path::new(path);
    if data_root.is_empty() || p.is_absolute() {
        p.to_owned()
    } else {
        Path::new(data_root).join(p)
    }
}
