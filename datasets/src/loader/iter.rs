//! Iterating one epoch of an `ImageDataLoader`.

use burn::data::dataloader::{DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use rayon::prelude::*;

use super::batch::{ImageBatch, collate};
use super::dataloader::ImageDataLoader;
use crate::error::DataError;
use crate::rng::sample_rng;
use crate::sample::Sample;

/// The batches of one epoch.
pub struct BatchIter<'a> {
    loader: &'a ImageDataLoader,
    epoch: u64,
    order: Box<dyn Iterator<Item = usize> + Send>,
    position: u64,
    processed: usize,
    total: usize,
}

impl<'a> BatchIter<'a> {
    pub(super) fn new(loader: &'a ImageDataLoader, epoch: u64) -> Self {
        let len = loader.dataset.len();
        let mut order = loader.sampler.indices(len, epoch, loader.seed);
        let mut position = 0;
        if let Some((start, end)) = loader.window {
            order = Box::new(order.skip(start).take(end - start));
            position = start as u64;
        }
        BatchIter {
            loader,
            epoch,
            order,
            position,
            processed: 0,
            total: loader.epoch_items(),
        }
    }

    fn next_batch(&mut self) -> Option<Result<ImageBatch, DataError>> {
        let picks: Vec<(usize, u64)> = self
            .order
            .by_ref()
            .take(self.loader.batch_size)
            .zip(self.position..)
            .collect();
        self.position += picks.len() as u64;
        if picks.is_empty() || (self.loader.drop_last && picks.len() < self.loader.batch_size) {
            return None;
        }
        self.processed += picks.len();
        let (loader, epoch) = (self.loader, self.epoch);
        let load = |&(index, position): &(usize, u64)| -> Result<Sample, DataError> {
            loader
                .dataset
                .get(index, &mut sample_rng(loader.seed, epoch, position))
        };
        let samples: Result<Vec<Sample>, DataError> = match &loader.pool {
            Some(pool) => pool.install(|| picks.par_iter().map(load).collect()),
            None => picks.iter().map(load).collect(),
        };
        Some(samples.and_then(|s| collate(s, &self.loader.device)))
    }
}

impl Iterator for BatchIter<'_> {
    type Item = Result<ImageBatch, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_batch().map(|r| r.map_err(DatasetError::new))
    }
}

impl DataLoaderIterator<ImageBatch> for BatchIter<'_> {
    fn progress(&self) -> Progress {
        Progress::new(self.processed, self.total, Some("images".into()))
    }
}
