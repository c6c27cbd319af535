//! Batches: packed samples stacked into NCHW tensors.

use burn::tensor::{Device, Int, Tensor, TensorData};
use serde_json::{Map, Value};

use crate::error::DataError;
use crate::sample::Sample;

/// One batch: images NCHW with 0–255 values (normalising is the model's data preprocessor's
/// job), labels, and each sample's metadata (`img_path`, `ori_shape`, …, per `PackInputs`).
#[derive(Debug, Clone)]
pub struct ImageBatch {
    /// `[N, C, H, W]`, float, 0–255, channels as loaded (BGR from files).
    pub images: Tensor<4>,
    /// `[N]` class indices; `None` for datasets without labels.
    pub labels: Option<Tensor<1, Int>>,
    /// The metadata `PackInputs` kept, per sample.
    pub metas: Vec<Map<String, Value>>,
}

/// Stacks packed samples on `device`; samples of different sizes are an error naming them.
pub fn collate(samples: Vec<Sample>, device: &Device) -> Result<ImageBatch, DataError> {
    let first = samples
        .first()
        .ok_or_else(|| DataError::Batch("an empty batch".into()))?;
    let shape = packed(first)?.shape;
    let mut data = Vec::with_capacity(samples.len() * shape.iter().product::<usize>());
    let mut labels = Vec::with_capacity(samples.len());
    for sample in &samples {
        let inputs = packed(sample)?;
        if inputs.shape != shape {
            return Err(DataError::Batch(format!(
                "cannot batch images of different sizes: {} is {:?} (C, H, W) but {} is {:?}; \
                 resize or crop them to one size in the pipeline",
                first.describe(),
                shape,
                sample.describe(),
                inputs.shape
            )));
        }
        data.extend(inputs.data.iter().map(|&v| v as f32));
        labels.push(sample.gt_label);
    }
    let n = samples.len();
    let images = Tensor::from_data(
        TensorData::new(data, [n, shape[0], shape[1], shape[2]]),
        device,
    );
    let labels = match labels.iter().all(Option::is_some) {
        true => Some(Tensor::from_data(
            TensorData::new(labels.into_iter().flatten().collect::<Vec<i64>>(), [n]),
            device,
        )),
        false if labels.iter().all(Option::is_none) => None,
        false => {
            return Err(DataError::Batch(
                "some samples of the batch have labels and some do not".into(),
            ));
        }
    };
    let metas = samples.into_iter().map(|s| s.metainfo).collect();
    Ok(ImageBatch {
        images,
        labels,
        metas,
    })
}

fn packed(sample: &Sample) -> Result<&crate::sample::Packed, DataError> {
    sample.inputs.as_ref().ok_or_else(|| {
        DataError::Batch(format!(
            "{} was not packed: end the pipeline with PackInputs",
            sample.describe()
        ))
    })
}
