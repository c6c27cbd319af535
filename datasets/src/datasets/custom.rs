//! `CustomDataset` (mmpretrain): class sub-folders, or an annotation file.

use std::path::PathBuf;

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::ann_file::read_ann_file;
use super::folders::{class_folders, image_files};
use crate::dataset::{Base, ImageDataset, dataset_config, join_root};
use crate::error::DataError;
use crate::registries::DATASETS;
use crate::sample::Sample;
use crate::transform::Pipeline;

/// mmpretrain's image extensions.
pub const IMG_EXTENSIONS: [&str; 7] = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif"];

/// `data_prefix`: a folder, or `{img_path: folder}`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum DataPrefix {
    /// The image folder.
    Path(String),
    /// mmengine's dict form; only `img_path` is read.
    Dict {
        /// The image folder.
        #[serde(default)]
        img_path: String,
    },
}

impl Default for DataPrefix {
    fn default() -> Self {
        DataPrefix::Path(String::new())
    }
}

impl DataPrefix {
    /// The image folder.
    pub fn img_path(&self) -> &str {
        match self {
            DataPrefix::Path(p) | DataPrefix::Dict { img_path: p } => p,
        }
    }
}

dataset_config! {
    /// The config of `CustomDataset`.
    pub struct CustomDatasetConfig {
        /// The root of `data_prefix` and `ann_file`.
        #[serde(default)]
        pub data_root: String,
        /// The image folder (under `data_root`).
        #[serde(default)]
        pub data_prefix: DataPrefix,
        /// Lines `path label` (or `path` without labels); empty: walk the folder.
        #[serde(default)]
        pub ann_file: String,
        /// Whether samples have labels (from the file, or from the class sub-folders).
        #[serde(default = "crate::dataset::yes")]
        pub with_label: bool,
        /// Image file extensions, any case.
        #[serde(default = "extensions")]
        pub extensions: Vec<String>,
    }
}

/// mmpretrain's image extensions, the default of `extensions`.
pub(super) fn extensions() -> Vec<String> {
    IMG_EXTENSIONS.iter().map(|e| e.to_string()).collect()
}

/// Image files with labels from their class sub-folder (sorted names → 0, 1, …) or from an
/// `ann_file`.
#[register_module(DATASETS)]
#[derive(Debug)]
pub struct CustomDataset {
    base: Base,
    samples: Vec<(PathBuf, Option<i64>)>,
}

impl Buildable for CustomDataset {
    type Config = CustomDatasetConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        CustomDataset::from_config(config, None, ctx)
    }
}

impl CustomDataset {
    /// Builds with `default_classes` (a subclass's `METAINFO`) when the config names none.
    pub fn from_config(
        config: CustomDatasetConfig,
        default_classes: Option<Vec<String>>,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        if config.ann_file.is_empty()
            && config.data_prefix.img_path().is_empty()
            && config.data_root.is_empty()
        {
            return Err(ctx.invalid_here(
                "one of `ann_file`, `data_root` and `data_prefix` must be specified",
            ));
        }
        let mut base = Base::build(config.common(), default_classes, ctx)?;
        let prefix = join_root(&config.data_root, config.data_prefix.img_path());
        let extensions: Vec<String> = config.extensions.iter().map(|e| e.to_lowercase()).collect();
        let samples = if !config.ann_file.is_empty() {
            let file = join_root(&config.data_root, &config.ann_file);
            let lines = read_ann_file(&file, config.with_label, |l| base.label_ok(l))
                .map_err(|e| ctx.invalid("ann_file", e.to_string()))?;
            lines
                .into_iter()
                .map(|(p, l)| (prefix.join(p), l))
                .collect()
        } else {
            let found = scan(&prefix, config.with_label, &extensions, &mut base)
                .map_err(|e| ctx.invalid("data_prefix", e))?;
            if found.is_empty() {
                return Err(ctx.invalid(
                    "data_prefix",
                    format!(
                        "found 0 files in subfolders of {}; supported extensions are {}",
                        prefix.display(),
                        extensions.join(", ")
                    ),
                ));
            }
            found
                .into_iter()
                .map(|(p, l)| (prefix.join(p), l))
                .collect::<Vec<_>>()
        };
        base.check_indices(samples.len(), ctx)?;
        Ok(CustomDataset { base, samples })
    }
}

/// Walks `root`: class sub-folders with labels, or every image without.
fn scan(
    root: &std::path::Path,
    with_label: bool,
    extensions: &[String],
    base: &mut Base,
) -> Result<Vec<(String, Option<i64>)>, String> {
    if !root.is_dir() {
        return Err(format!(
            "{} is not a folder of images (expected class sub-folders, or images)",
            root.display()
        ));
    }
    if !with_label {
        let files = image_files(root, extensions).map_err(|e| e.to_string())?;
        return Ok(files.into_iter().map(|f| (f, None)).collect());
    }
    let folders = class_folders(root).map_err(|e| e.to_string())?;
    match &base.classes {
        Some(classes) if classes.len() != folders.len() => {
            return Err(format!(
                "the number of subfolders ({}) of {} doesn't match the number of classes ({})",
                folders.len(),
                root.display(),
                classes.len()
            ));
        }
        Some(_) => {}
        None => base.classes = Some(folders.clone()),
    }
    let mut samples = Vec::new();
    for (label, folder) in folders.iter().enumerate() {
        let files = image_files(&root.join(folder), extensions).map_err(|e| e.to_string())?;
        samples.extend(
            files
                .into_iter()
                .map(|f| (format!("{folder}/{f}"), Some(label as i64))),
        );
    }
    Ok(samples)
}

impl ImageDataset for CustomDataset {
    fn len(&self) -> usize {
        self.base.len(self.samples.len())
    }

    fn load(&self, index: usize) -> Result<Sample, DataError> {
        let (path, label) = &self.samples[self.base.raw_index(index, self.samples.len())?];
        Ok(Sample {
            sample_idx: index,
            img_path: Some(path.clone()),
            gt_label: *label,
            ..Sample::default()
        })
    }

    fn pipeline(&self) -> &Pipeline {
        &self.base.pipeline
    }

    fn classes(&self) -> Option<&[String]> {
        self.base.classes.as_deref()
    }
}
