//! Iterating one epoch of an `ImageDataLoader`: with workers, the next batches load while the
//! current one is used (`prefetch_factor` batches ahead, as torch's `DataLoader`).

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, channel};

use burn::data::dataloader::{DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::Device;
use rayon::prelude::*;

use super::batch::{ImageBatch, collate};
use super::dataloader::ImageDataLoader;
use crate::dataset::ImageDataset;
use crate::error::DataError;
use crate::rng::sample_rng;
use crate::sample::Sample;

/// One batch's samples: (dataset index, position in the epoch).
type Picks = Vec<(usize, u64)>;

/// The batches of one epoch.
pub struct BatchIter<'a> {
    loader: &'a ImageDataLoader,
    epoch: u64,
    order: Box<dyn Iterator<Item = usize> + Send>,
    position: u64,
    processed: usize,
    total: usize,
    /// Batches the workers are loading, oldest first, with their sizes.
    pending: VecDeque<(usize, Receiver<Result<ImageBatch, DataError>>)>,
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
            pending: VecDeque::new(),
        }
    }

    /// The next batch's samples, or `None` at the end of the epoch (or before a last,
    /// incomplete batch with `drop_last`).
    fn next_picks(&mut self) -> Option<Picks> {
        let size = self.loader.batch_size;
        let picks: Picks = self
            .order
            .by_ref()
            .take(size)
            .zip(self.position..)
            .collect();
        self.position += picks.len() as u64;
        let incomplete = self.loader.drop_last && picks.len() < size;
        (!picks.is_empty() && !incomplete).then_some(picks)
    }

    /// Hands batches to the workers until `prefetch` are in flight.
    fn fill(&mut self, pool: &rayon::ThreadPool) {
        while self.pending.len() < self.loader.prefetch {
            let Some(picks) = self.next_picks() else {
                break;
            };
            let (sender, receiver) = channel();
            let dataset = self.loader.dataset.clone();
            let device = self.loader.device.clone();
            let (seed, epoch) = (self.loader.seed, self.epoch);
            self.pending.push_back((picks.len(), receiver));
            pool.spawn(move || {
                let batch = load_batch(dataset.as_ref(), seed, epoch, &picks, &device, true);
                let _ = sender.send(batch);
            });
        }
    }

    fn next_batch(&mut self) -> Option<Result<ImageBatch, DataError>> {
        let Some(pool) = self.loader.pool.clone() else {
            let picks = self.next_picks()?;
            self.processed += picks.len();
            let loader = self.loader;
            return Some(load_batch(
                loader.dataset.as_ref(),
                loader.seed,
                self.epoch,
                &picks,
                &loader.device,
                false,
            ));
        };
        self.fill(&pool);
        let (size, receiver) = self.pending.pop_front()?;
        self.processed += size;
        Some(receiver.recv().unwrap_or_else(|_| {
            Err(DataError::Batch(
                "a worker thread stopped while loading a batch".into(),
            ))
        }))
    }
}

/// Loads and stacks the samples of `picks`, in parallel on the current pool if `parallel`.
fn load_batch(
    dataset: &dyn ImageDataset,
    seed: u64,
    epoch: u64,
    picks: &[(usize, u64)],
    device: &Device,
    parallel: bool,
) -> Result<ImageBatch, DataError> {
    let load = |&(index, position): &(usize, u64)| -> Result<Sample, DataError> {
        dataset.get(index, &mut sample_rng(seed, epoch, position))
    };
    let samples: Result<Vec<Sample>, DataError> = match parallel {
        true => picks.par_iter().map(load).collect(),
        false => picks.iter().map(load).collect(),
    };
    collate(samples?, device)
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
