//! [`CheckedLoader`]: every batch checked by a [`BatchCheck`] before it reaches a training or
//! validation step, so that images the model cannot take (other channels than the backbone's
//! `in_channels` or the preprocessor's `mean`, an empty dimension, feature maps over the size
//! limit once padded) or a label past the last class stop the run with an error naming the
//! dataloader, never a panic inside the forward or the loss.

use std::sync::Arc;

use burn::data::dataloader::{DataLoader, DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::Device;
use models::classifiers::ClsDataPreprocessor;
use registry_core::InputSpec;

use super::ClsBatch;

/// What a batch must be for the model a run trains or tests.
#[derive(Debug, Clone)]
pub struct BatchCheck {
    /// The model's images.
    pub spec: InputSpec,
    /// Its data preprocessor (the channels of `mean`, the padding).
    pub preprocessor: ClsDataPreprocessor,
    /// The head's classes.
    pub classes: usize,
}

impl BatchCheck {
    /// Why the images of `batch` cannot be preprocessed and go through the model, naming the
    /// dataloader `key`.
    pub fn images(&self, batch: &ClsBatch, key: &str) -> Result<(), String> {
        let dims = batch.images.dims();
        self.preprocessor
            .check_batch(&self.spec, dims)
            .map_err(|error| {
                format!("{key}: a batch of images {dims:?} does not fit the model: {error}")
            })
    }

    /// Why a label of `batch` is not one of the head's class indices, naming the dataloader
    /// `key`.
    pub fn labels(&self, batch: &ClsBatch, key: &str) -> Result<(), String> {
        let classes = self.classes;
        let labels = batch.labels.clone().into_data();
        let bad = labels
            .iter::<i64>()
            .zip(&batch.indices)
            .find(|(label, _)| usize::try_from(*label).map_or(true, |label| label >= classes));
        match bad {
            None => Ok(()),
            Some((label, index)) => Err(format!(
                "{key}: sample {index} has label {label}, but the model's head has {classes} \
                 classes (0..={})",
                classes.saturating_sub(1)
            )),
        }
    }
}

/// A dataloader whose batches (images and labels) pass a [`BatchCheck`].
#[derive(Clone)]
pub struct CheckedLoader {
    inner: Arc<dyn DataLoader<ClsBatch>>,
    check: Arc<BatchCheck>,
    key: Arc<str>,
}

impl CheckedLoader {
    /// Wraps `inner`, the dataloader of `key`.
    pub fn new(inner: Arc<dyn DataLoader<ClsBatch>>, check: BatchCheck, key: &str) -> Self {
        Self {
            inner,
            check: Arc::new(check),
            key: key.into(),
        }
    }

    fn check(&self, batch: &ClsBatch) -> Result<(), String> {
        self.check.images(batch, &self.key)?;
        self.check.labels(batch, &self.key)
    }

    fn wrap(&self, inner: Arc<dyn DataLoader<ClsBatch>>) -> Arc<dyn DataLoader<ClsBatch>> {
        Arc::new(Self {
            inner,
            ..self.clone()
        })
    }
}

impl DataLoader<ClsBatch> for CheckedLoader {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<ClsBatch> + 'a> {
        Box::new(CheckedIter {
            inner: self.inner.iter(),
            loader: self,
        })
    }

    fn num_items(&self) -> usize {
        self.inner.num_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<ClsBatch>> {
        self.wrap(self.inner.to_device(device))
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<ClsBatch>> {
        self.wrap(self.inner.slice(start, end))
    }
}

struct CheckedIter<'a> {
    inner: Box<dyn DataLoaderIterator<ClsBatch> + 'a>,
    loader: &'a CheckedLoader,
}

impl Iterator for CheckedIter<'_> {
    type Item = Result<ClsBatch, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.inner.next()?.and_then(|batch| {
            self.loader
                .check(&batch)
                .map(|()| batch)
                .map_err(|message| DatasetError::new(std::io::Error::other(message)))
        }))
    }
}

impl DataLoaderIterator<ClsBatch> for CheckedIter<'_> {
    fn progress(&self) -> Progress {
        self.inner.progress()
    }
}
