//! [`ImageClassificationInferencer`]: a config's classifier, weights, test pipeline and class
//! names, applied to image files.

use std::path::Path;

use datasets::rng::sample_rng;
use datasets::{DataError, Packed, Pipeline, Sample};
use mmconfig::Config;
use models::classifiers::ClsDataPreprocessor;
use registry_core::Model;
use registry_core::burn::tensor::{Device, Tensor, TensorData};

use crate::classes::class_names;
use crate::error::InferenceError;
use crate::model::load_model;
use crate::pipeline::test_pipeline;
use crate::prediction::ClassPrediction;

/// Classifies image files as mmpretrain's `ImageClassificationInferencer`: each file goes
/// through the config's test pipeline, batches through the model's data preprocessor and the
/// model, and the softmax scores become a [`ClassPrediction`].
///
/// ```
/// # let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
/// # let (config, weights, photo) = (data.join("tiny.py"), data.join("../../../tests/weights/data/tiny_torchvision.pth"), data.join("photos/chelsea.png"));
/// let config = mmconfig::Config::from_file(config)?;
/// let inferencer = inference::ImageClassificationInferencer::new(&config, weights.to_str())?;
/// let result = inferencer.predict(photo)?;
/// assert_eq!(result.topk.len(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ImageClassificationInferencer {
    model: Box<dyn Model>,
    preprocessor: ClsDataPreprocessor,
    pipeline: Pipeline,
    classes: Option<Vec<String>>,
    device: Device,
    topk: usize,
    batch_size: usize,
}

impl ImageClassificationInferencer {
    /// The config's model on the Flex CPU device, with `checkpoint` loaded strictly (a `.pth`
    /// of ours, torchvision's or mmpretrain's, a `.safetensors`, a burnpack file, or an
    /// `http(s)://` URL through torch.hub's cache); without one, the `init_cfg`s are applied.
    /// Top-5, batches of 1.
    pub fn new(config: &Config, checkpoint: Option<&str>) -> Result<Self, InferenceError> {
        Self::on_device(config, checkpoint, &Device::flex())
    }

    /// As [`new`](Self::new), on `device`.
    pub fn on_device(
        config: &Config,
        checkpoint: Option<&str>,
        device: &Device,
    ) -> Result<Self, InferenceError> {
        let pipeline = test_pipeline(config, device)?;
        let classes = class_names(config)?;
        let loaded = load_model(config, checkpoint, device)?;
        if let Some(names) = &classes
            && names.len() != loaded.num_classes
        {
            return Err(InferenceError::Config(format!(
                "test_dataloader.dataset: {} class names, but the model's head has {} classes",
                names.len(),
                loaded.num_classes
            )));
        }
        Ok(ImageClassificationInferencer {
            model: loaded.model,
            preprocessor: loaded.preprocessor,
            pipeline,
            classes,
            device: device.clone(),
            topk: 5,
            batch_size: 1,
        })
    }

    /// Keeps the `k` most likely classes of each image (at least 1).
    pub fn with_topk(mut self, k: usize) -> Self {
        self.topk = k.max(1);
        self
    }

    /// Classifies up to `batch_size` images in one forward (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// The class names, in label order, when the config gives them.
    pub fn classes(&self) -> Option<&[String]> {
        self.classes.as_deref()
    }

    /// Classifies the image file at `path`.
    pub fn predict(&self, path: impl AsRef<Path>) -> Result<ClassPrediction, InferenceError> {
        let path = path.as_ref();
        self.predict_all(&[path])
            .pop()
            .unwrap_or_else(|| Err(InferenceError::image(path, "no prediction was made")))
    }

    /// Classifies every file of `paths`, in order, in batches: one result per file, so that a
    /// file that cannot be read fails alone.
    pub fn predict_all(
        &self,
        paths: &[impl AsRef<Path>],
    ) -> Vec<Result<ClassPrediction, InferenceError>> {
        let mut results = Vec::with_capacity(paths.len());
        for (chunk_index, chunk) in paths.chunks(self.batch_size).enumerate() {
            let first = chunk_index * self.batch_size;
            let mut pending: Vec<(usize, Packed)> = Vec::new();
            let mut chunk_results: Vec<Option<Result<ClassPrediction, InferenceError>>> =
                (0..chunk.len()).map(|_| None).collect();
            for (offset, path) in chunk.iter().enumerate() {
                match self.load(path.as_ref(), first + offset) {
                    Ok(packed) => pending.push((offset, packed)),
                    Err(error) => chunk_results[offset] = Some(Err(error)),
                }
            }
            // One forward per run of images of one shape.
            for group in pending.chunk_by(|a, b| a.1.shape == b.1.shape) {
                let paths: Vec<&Path> = group.iter().map(|(i, _)| chunk[*i].as_ref()).collect();
                let images: Vec<&Packed> = group.iter().map(|(_, packed)| packed).collect();
                for ((offset, _), result) in group.iter().zip(self.classify(&paths, &images)) {
                    chunk_results[*offset] = Some(result);
                }
            }
            results.extend(chunk_results.into_iter().flatten());
        }
        results
    }

    /// The image at `path` through the test pipeline.
    fn load(&self, path: &Path, index: usize) -> Result<Packed, InferenceError> {
        let sample = Sample {
            sample_idx: index,
            img_path: Some(path.to_owned()),
            ..Sample::default()
        };
        let sample = self
            .pipeline
            .apply(sample, &mut sample_rng(0, 0, index as u64))
            .map_err(|error| pipeline_error(path, error))?;
        sample.inputs.ok_or_else(|| {
            InferenceError::image(
                path,
                "the test pipeline does not pack the image: end it with PackInputs",
            )
        })
    }

    /// Classifies images of one shape in one forward.
    fn classify(
        &self,
        paths: &[&Path],
        images: &[&Packed],
    ) -> Vec<Result<ClassPrediction, InferenceError>> {
        let [channels, height, width] = images[0].shape;
        let dims = [images.len(), channels, height, width];
        let fail = |message: String| {
            paths
                .iter()
                .map(|path| Err(InferenceError::image(*path, message.clone())))
                .collect()
        };
        if let Err(error) = self.check(dims) {
            return fail(error);
        }
        let values: Vec<f32> = images
            .iter()
            .flat_map(|image| image.data.iter().map(|&v| f32::from(v)))
            .collect();
        let batch = Tensor::<4>::from_data(TensorData::new(values, dims), &self.device);
        let scores = self
            .model
            .predict(self.preprocessor.preprocess_images(batch))
            .scores;
        let num_classes = scores.dims()[1];
        let scores = match scores.into_data().convert::<f32>().try_into_vec::<f32>() {
            Ok(scores) => scores,
            Err(error) => return fail(format!("cannot read the scores: {error:?}")),
        };
        paths
            .iter()
            .zip(scores.chunks(num_classes.max(1)))
            .map(|(path, row)| Ok(ClassPrediction::new(path, row, self.topk, self.classes())))
            .collect()
    }

    /// Checks a batch `[N, C, H, W]` against the preprocessor and the model before any forward.
    fn check(&self, dims: [usize; 4]) -> Result<(), String> {
        self.preprocessor
            .check_batch(&self.model.input_spec(), dims)
    }
}

/// A pipeline failure on the image at `path`, naming the file once.
fn pipeline_error(path: &Path, error: DataError) -> InferenceError {
    match error {
        DataError::Transform {
            step,
            transform,
            message,
            ..
        } => {
            let prefix = format!("{}: ", path.display());
            let message = message.strip_prefix(&prefix).unwrap_or(&message);
            InferenceError::image(path, format!("pipeline[{step}] ({transform}): {message}"))
        }
        other => InferenceError::image(path, other.to_string()),
    }
}
