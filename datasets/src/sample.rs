//! One sample on its way through a pipeline: mmcv's `results` dict, typed.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use crate::image::Image;

/// The fields transforms read and write, as mmcv/mmpretrain name them.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    /// The position in the dataset.
    pub sample_idx: usize,
    /// The image file, for datasets of files (set before `LoadImageFromFile`).
    pub img_path: Option<PathBuf>,
    /// The image, HWC (BGR from files, RGB or grey from CIFAR/MNIST).
    pub img: Option<Image>,
    /// The class index, for labelled datasets.
    pub gt_label: Option<i64>,
    /// `(height, width)` as loaded.
    pub ori_shape: Option<(usize, usize)>,
    /// `(height, width)` now.
    pub img_shape: Option<(usize, usize)>,
    /// `(w_scale, h_scale)` of the last resize.
    pub scale_factor: Option<(f64, f64)>,
    /// Whether `RandomFlip` flipped, and which way.
    pub flip: Option<bool>,
    /// `horizontal`, `vertical` or `diagonal`.
    pub flip_direction: Option<&'static str>,
    /// The packed CHW image (set by `PackInputs`).
    pub inputs: Option<Packed>,
    /// The metadata `PackInputs` kept (`meta_keys`).
    pub metainfo: Map<String, Value>,
}

/// An image laid out channels first, as `PackInputs` leaves it.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    /// `[channels, height, width]`.
    pub shape: [usize; 3],
    /// CHW values.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({:?})", self.shape)
    }
}

impl Sample {
    /// How errors name the sample: its path, else its index.
    pub fn describe(&self) -> String {
        match &self.img_path {
            Some(path) => path.display().to_string(),
            None => format!("sample {}", self.sample_idx),
        }
    }

    /// The value of the metadata field `key`, if the sample has it.
    pub fn meta(&self, key: &str) -> Option<Value> {
        let shape = |s: Option<(usize, usize)>| s.map(|(h, w)| json!([h, w]));
        match key {
            "sample_idx" => Some(json!(self.sample_idx)),
            "img_path" => self
                .img_path
                .as_ref()
                .map(|p| json!(p.display().to_string())),
            "ori_shape" => shape(self.ori_shape),
            "img_shape" => shape(self.img_shape),
            "scale_factor" => self.scale_factor.map(|(w, h)| json!([w, h])),
            "flip" => self.flip.map(Value::Bool),
            "flip_direction" => self.flip.map(|_| json!(self.flip_direction)),
            "gt_label" => self.gt_label.map(|l| json!(l)),
            _ => None,
        }
    }

    /// The image, or an error saying which step needs one.
    pub fn image(&self) -> Result<&Image, String> {
        self.img.as_ref().ok_or_else(|| {
            "the sample has no `img`: put `LoadImageFromFile` first in a pipeline over image files".to_owned()
        })
    }

    /// Replaces the image and updates `img_shape`.
    pub fn set_image(&mut self, image: Image) {
        self.img_shape = Some(image.shape());
        self.img = Some(image);
    }
}
