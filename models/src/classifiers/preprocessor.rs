//! [`ClsDataPreprocessor`]: what mmpretrain does to a batch before the model sees it.

use burn::tensor::Tensor;
use burn::tensor::ops::PadMode;
use registry_core::{BuildContext, BuildError, InputSpec, SizeLimits, Targets};
use schemars::JsonSchema;
use serde::Deserialize;

use super::image::TrainCfg;

/// mmpretrain's `ClsDataPreprocessor` config (the classifier's `data_preprocessor`), with its
/// defaults. `type` may be omitted or `'ClsDataPreprocessor'`.
///
/// As in mmengine, the preprocessor is not part of `forward`: a training or evaluation loop
/// calls [`ImageClassifier::preprocess`](super::ImageClassifier::preprocess) (or
/// [`preprocess_images`](Self::preprocess_images) and
/// [`preprocess_targets`](Self::preprocess_targets)) on each batch first. Batch augments
/// (`batch_augments`, or the classifier's `train_cfg`) are applied by
/// [`Model::loss`](registry_core::Model::loss) when training.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClsDataPreprocessor {
    /// `'ClsDataPreprocessor'`, the only type supported.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Per-channel mean subtracted from the images; with `std`.
    #[serde(default)]
    pub mean: Option<Vec<f64>>,
    /// Per-channel standard deviation the images are divided by; with `mean`.
    #[serde(default)]
    pub std: Option<Vec<f64>>,
    /// Pad the bottom and right so that height and width are multiples of this.
    #[serde(default = "one")]
    pub pad_size_divisor: usize,
    /// The padding value.
    #[serde(default)]
    pub pad_value: f64,
    /// Reverse the channels of 3-channel images (BGR to RGB).
    #[serde(default)]
    pub to_rgb: bool,
    /// Turn labels into one-hot score targets (implied by batch augments).
    #[serde(default)]
    pub to_onehot: bool,
    /// The number of classes of the one-hot targets; the head's by default.
    #[serde(default)]
    pub num_classes: Option<usize>,
    /// Batch augments (`augments`, `probs`); overrides the classifier's `train_cfg`.
    #[serde(default)]
    pub batch_augments: Option<TrainCfg>,
}

fn one() -> usize {
    1
}

impl Default for ClsDataPreprocessor {
    /// mmpretrain's defaults: no normalisation, no padding, no conversion.
    fn default() -> Self {
        ClsDataPreprocessor {
            kind: None,
            mean: None,
            std: None,
            pad_size_divisor: 1,
            pad_value: 0.0,
            to_rgb: false,
            to_onehot: false,
            num_classes: None,
            batch_augments: None,
        }
    }
}

impl ClsDataPreprocessor {
    /// Checks `mean`, `std` and `to_rgb` against the backbone's input `channels` (at the
    /// context's `data_preprocessor`): one value per channel, and three channels to swap.
    pub(crate) fn check_channels(
        &self,
        channels: usize,
        ctx: &BuildContext,
    ) -> Result<(), BuildError> {
        for (key, values) in [("mean", &self.mean), ("std", &self.std)] {
            if let Some(values) = values
                && values.len() != channels
            {
                return Err(ctx.invalid(
                    key,
                    format!(
                        "expected {channels} values, one per channel of the backbone's input \
                         (in_channels={channels}), got {}",
                        values.len()
                    ),
                ));
            }
        }
        if self.to_rgb && channels != 3 {
            return Err(ctx.invalid(
                "to_rgb",
                format!("swapping BGR to RGB needs 3 channels, but the backbone takes {channels}"),
            ));
        }
        Ok(())
    }

    /// Checks the values (at the context's `data_preprocessor`).
    pub(crate) fn check(&self, ctx: &BuildContext) -> Result<(), BuildError> {
        if let Some(kind) = &self.kind
            && kind != "ClsDataPreprocessor"
        {
            return Err(ctx.invalid(
                "type",
                format!("only 'ClsDataPreprocessor' is supported, got '{kind}'"),
            ));
        }
        match (&self.mean, &self.std) {
            (Some(mean), Some(std)) => {
                if mean.len() != std.len() {
                    return Err(ctx.invalid(
                        "std",
                        format!(
                            "expected one std per mean ({}), got {}",
                            mean.len(),
                            std.len()
                        ),
                    ));
                }
                if let Some(index) = std.iter().position(|s| !(s.is_finite() && *s != 0.0)) {
                    return Err(crate::invalid_item(
                        ctx,
                        "std",
                        index,
                        "expected a finite, non-zero std",
                    ));
                }
                if let Some(index) = mean.iter().position(|m| !m.is_finite()) {
                    return Err(crate::invalid_item(
                        ctx,
                        "mean",
                        index,
                        "expected a finite mean",
                    ));
                }
            }
            (Some(_), None) => {
                return Err(ctx.invalid(
                    "std",
                    "to enable the normalization in preprocessing, specify both `mean` and `std`",
                ));
            }
            (None, Some(_)) => {
                return Err(ctx.invalid(
                    "mean",
                    "to enable the normalization in preprocessing, specify both `mean` and `std`",
                ));
            }
            (None, None) => {}
        }
        if self.pad_size_divisor == 0 {
            return Err(ctx.invalid("pad_size_divisor", "expected at least 1, got 0"));
        }
        if let Some(classes) = self.num_classes {
            ctx.check_width("num_classes", classes)?;
        }
        Ok(())
    }

    /// A batch of `dims` (`[N, C, H, W]`) padded to multiples of `pad_size_divisor`; `None`
    /// when the padded size cannot be counted.
    pub fn padded_dims(&self, dims: [usize; 4]) -> Option<[usize; 4]> {
        let [batch, channels, height, width] = dims;
        let pad = |size: usize| size.checked_next_multiple_of(self.pad_size_divisor);
        Some([batch, channels, pad(height)?, pad(width)?])
    }

    /// Why a batch of `dims` cannot be preprocessed and go through a model of `spec` (within
    /// the default size limits, after padding), checked before anything is allocated.
    pub fn check_batch(&self, spec: &InputSpec, dims: [usize; 4]) -> Result<(), String> {
        let limits = SizeLimits::default();
        spec.check(dims, &limits)
            .map_err(|error| error.to_string())?;
        if let Some(mean) = &self.mean
            && mean.len() != dims[1]
        {
            return Err(format!(
                "images of {} channels, but data_preprocessor.mean has {} values",
                dims[1],
                mean.len()
            ));
        }
        let divisor = self.pad_size_divisor;
        match self.padded_dims(dims) {
            None => Err(format!(
                "padded to multiples of pad_size_divisor={divisor}, its size cannot be counted"
            )),
            Some(padded) => spec.check(padded, &limits).map_err(|error| {
                format!("padded to {padded:?} (pad_size_divisor={divisor}): {error}")
            }),
        }
    }

    /// `images` `[N, C, H, W]` as mmpretrain's preprocessor hands them to the model: channels
    /// reversed with `to_rgb` (3-channel images only), normalised with `mean`/`std`, padded at
    /// the bottom and right with `pad_value` to multiples of `pad_size_divisor`.
    ///
    /// # Panics
    ///
    /// If `mean` and `std` are given for another number of channels than the images', or the
    /// padded size cannot be counted: [`check_batch`](Self::check_batch) first.
    pub fn preprocess_images(&self, images: Tensor<4>) -> Tensor<4> {
        let [_, channels, height, width] = images.dims();
        let device = images.device();
        let mut images = images;
        if self.to_rgb && channels == 3 {
            images = images.flip([1]);
        }
        if let (Some(mean), Some(std)) = (&self.mean, &self.std) {
            assert_eq!(
                mean.len(),
                channels,
                "data_preprocessor: {} means for {channels}-channel images",
                mean.len()
            );
            let row = |values: &[f64]| {
                let values: Vec<f32> = values.iter().map(|&v| v as f32).collect();
                Tensor::<1>::from_floats(values.as_slice(), &device).reshape([1, channels, 1, 1])
            };
            images = (images - row(mean)) / row(std);
        }
        let [_, _, padded_h, padded_w] = self
            .padded_dims(images.dims())
            .expect("data_preprocessor: the padded size cannot be counted");
        let (pad_h, pad_w) = (padded_h - height, padded_w - width);
        if pad_h > 0 || pad_w > 0 {
            images = images.pad(
                (0, pad_w, 0, pad_h),
                PadMode::Constant(self.pad_value as f32),
            );
        }
        images
    }

    /// `targets` as the model receives them: labels one-hot encoded with `to_onehot` (into
    /// `num_classes`, or the given `num_classes` by default), unchanged otherwise.
    pub fn preprocess_targets(&self, targets: Targets, num_classes: usize) -> Targets {
        match targets {
            Targets::Labels(_) if self.to_onehot => {
                Targets::Scores(targets.to_scores(self.num_classes.unwrap_or(num_classes)))
            }
            other => other,
        }
    }
}
