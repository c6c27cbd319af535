//! `ImageNet` (mmpretrain): a `CustomDataset` with ImageNet-1k's classes and `split` layout.

use super::categories::categories;
use super::custom::{CustomDataset, CustomDatasetConfig, DataPrefix};
use crate::dataset::{ImageDataset, dataset_config, join_root};
use crate::error::DataError;
use crate::registries::DATASETS;
use crate::sample::Sample;
use crate::transform::Pipeline;
use registry_core::{BuildContext, BuildError, Buildable, register_module};

dataset_config! {
    /// The config of `ImageNet`: `CustomDataset`'s keys plus `split`.
    pub struct ImageNetConfig {
        /// `train`, `val` or `test` (`test` has no labels): the folder `data_root/split` and, if
        /// it exists, the annotation file `data_root/meta/split.txt`. Empty: as `CustomDataset`.
        #[serde(default)]
        pub split: String,
        /// The root of `data_prefix` and `ann_file`.
        #[serde(default)]
        pub data_root: String,
        /// The image folder (under `data_root`).
        #[serde(default)]
        pub data_prefix: DataPrefix,
        /// Lines `path label` (or `path` without labels); empty: walk the folder.
        #[serde(default)]
        pub ann_file: String,
        /// Whether samples have labels.
        #[serde(default = "crate::dataset::yes")]
        pub with_label: bool,
        /// Image file extensions, any case.
        #[serde(default = "super::custom::extensions")]
        pub extensions: Vec<String>,
    }
}

/// ImageNet-1k: 1000 classes (mmpretrain's `IMAGENET_CATEGORIES`), folders or `meta/*.txt`.
#[register_module(DATASETS)]
#[derive(Debug)]
pub struct ImageNet(CustomDataset);

impl Buildable for ImageNet {
    type Config = ImageNetConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let c = config;
        let (mut data_prefix, mut ann_file, mut with_label) =
            (c.data_prefix, c.ann_file, c.with_label);
        if !c.split.is_empty() {
            let split = c.split.as_str();
            if !matches!(split, "train" | "val" | "test") {
                return Err(ctx.invalid(
                    "split",
                    format!("expected 'train', 'val' or 'test', got '{split}'"),
                ));
            }
            with_label &= split != "test";
            if data_prefix.img_path().is_empty() {
                data_prefix = DataPrefix::Path(split.to_owned());
            }
            let meta = format!("meta/{split}.txt");
            if ann_file.is_empty() && join_root(&c.data_root, &meta).exists() {
                ann_file = meta;
            }
        }
        let custom = CustomDatasetConfig {
            data_root: c.data_root,
            data_prefix,
            ann_file,
            with_label,
            extensions: c.extensions,
            pipeline: c.pipeline,
            test_mode: c.test_mode,
            metainfo: c.metainfo,
            classes: c.classes,
            indices: c.indices,
            serialize_data: c.serialize_data,
            lazy_init: c.lazy_init,
            max_refetch: c.max_refetch,
            filter_cfg: c.filter_cfg,
        };
        Ok(ImageNet(CustomDataset::from_config(
            custom,
            categories("ImageNet"),
            ctx,
        )?))
    }
}

impl ImageDataset for ImageNet {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn load(&self, index: usize) -> Result<Sample, DataError> {
        self.0.load(index)
    }

    fn pipeline(&self) -> &Pipeline {
        self.0.pipeline()
    }

    fn classes(&self) -> Option<&[String]> {
        self.0.classes()
    }
}
