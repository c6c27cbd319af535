//! [`InMemory`]: decoded images of one shape and their labels, held in memory — what CIFAR's
//! batches and MNIST's IDX files become once read.

use crate::dataset::Base;
use crate::error::DataError;
use crate::image::Image;
use crate::sample::Sample;

/// Images of `height × width × channels` bytes each (HWC, one after another) and a label each.
#[derive(Debug)]
pub(super) struct InMemory {
    pub(super) base: Base,
    shape: [usize; 3],
    pixels: Vec<u8>,
    labels: Vec<i64>,
}

impl InMemory {
    /// `pixels` holds `labels.len()` images of `[height, width, channels]`, HWC.
    pub(super) fn new(base: Base, shape: [usize; 3], pixels: Vec<u8>, labels: Vec<i64>) -> Self {
        InMemory {
            base,
            shape,
            pixels,
            labels,
        }
    }

    /// The samples the dataset shows (its `indices`, or all).
    pub(super) fn len(&self) -> usize {
        self.base.len(self.labels.len())
    }

    /// Sample `index`: its image and label.
    pub(super) fn load(&self, index: usize) -> Result<Sample, DataError> {
        let i = self.base.raw_index(index, self.labels.len())?;
        let [height, width, channels] = self.shape;
        let size = height * width * channels;
        let image = Image {
            height,
            width,
            channels,
            data: self.pixels[i * size..(i + 1) * size].to_vec(),
        };
        Ok(Sample {
            sample_idx: index,
            ori_shape: Some((height, width)),
            img_shape: Some((height, width)),
            img: Some(image),
            gt_label: Some(self.labels[i]),
            ..Sample::default()
        })
    }
}

/// A registered dataset type `$name(InMemory)` built by `$build(config, ctx)`.
macro_rules! in_memory_dataset {
    ($(#[$meta:meta])* $name:ident, $config:ty, $build:expr) => {
        $(#[$meta])*
        #[register_module(DATASETS)]
        #[derive(Debug)]
        pub struct $name(InMemory);

        impl Buildable for $name {
            type Config = $config;

            fn build(config: $config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
                $build(config, ctx).map($name)
            }
        }

        impl ImageDataset for $name {
            fn len(&self) -> usize {
                self.0.len()
            }
            fn load(&self, index: usize) -> Result<Sample, DataError> {
                self.0.load(index)
            }
            fn pipeline(&self) -> &Pipeline {
                &self.0.base.pipeline
            }
            fn classes(&self) -> Option<&[String]> {
                self.0.base.classes.as_deref()
            }
        }
    };
}

pub(super) use in_memory_dataset;
