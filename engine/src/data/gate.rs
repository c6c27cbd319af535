//! Dataloader wrappers that fit mmengine's loops onto burn-train's epochs:
//! [`IntervalLoader`] validates only on the epochs `val_interval`/`val_begin` select (empty on
//! the others), and [`IterationChunks`] cuts an iteration-based run into burn-train epochs of
//! `val_interval` iterations, cycling over the real dataloader.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use burn::data::dataloader::{DataLoader, DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::Device;

/// Which burn-train epochs (1-based) validate.
pub type EpochFilter = Arc<dyn Fn(usize) -> bool + Send + Sync>;

/// A validation dataloader that yields nothing on the epochs `runs` rejects. burn-train asks
/// for one pass per epoch; the pass counter is shared by every copy (`to_device`, `slice`).
pub struct IntervalLoader<O> {
    inner: Arc<dyn DataLoader<O>>,
    passes: Arc<AtomicUsize>,
    first_epoch: usize,
    runs: EpochFilter,
}

impl<O> Clone for IntervalLoader<O> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            passes: self.passes.clone(),
            first_epoch: self.first_epoch,
            runs: self.runs.clone(),
        }
    }
}

impl<O> IntervalLoader<O> {
    /// Wraps `inner`; the first pass is epoch `first_epoch`.
    pub fn new(inner: Arc<dyn DataLoader<O>>, first_epoch: usize, runs: EpochFilter) -> Self {
        Self {
            inner,
            passes: Arc::default(),
            first_epoch,
            runs,
        }
    }
}

impl<O: 'static> DataLoader<O> for IntervalLoader<O> {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<O> + 'a> {
        let epoch = self.first_epoch + self.passes.fetch_add(1, Ordering::SeqCst);
        match (self.runs)(epoch) {
            true => self.inner.iter(),
            false => Box::new(Empty(std::marker::PhantomData)),
        }
    }

    fn num_items(&self) -> usize {
        self.inner.num_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<O>> {
        Arc::new(Self {
            inner: self.inner.to_device(device),
            ..self.clone()
        })
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<O>> {
        Arc::new(Self {
            inner: self.inner.slice(start, end),
            ..self.clone()
        })
    }
}

/// No batches.
struct Empty<O>(std::marker::PhantomData<O>);

impl<O> Iterator for Empty<O> {
    type Item = Result<O, DatasetError>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}

impl<O> DataLoaderIterator<O> for Empty<O> {
    fn progress(&self) -> Progress {
        Progress::new(0, 0, None)
    }
}

/// A train dataloader whose pass `k` (1-based, from `first_chunk`) is iterations
/// `(k-1)·chunk .. min(k·chunk, total)` of the endless cycle over `inner` (`batches` per cycle):
/// an iteration-based run as burn-train epochs. A chunk starting mid-cycle skips the batches
/// before it from a fresh pass (they are loaded, not trained on).
pub struct IterationChunks<O> {
    inner: Arc<dyn DataLoader<O>>,
    batches: usize,
    chunk: usize,
    total: usize,
    passes: Arc<AtomicUsize>,
    first_chunk: usize,
}

impl<O> Clone for IterationChunks<O> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            passes: self.passes.clone(),
            ..*self
        }
    }
}

impl<O> IterationChunks<O> {
    /// Chunks of `chunk` iterations up to `total`, over `inner` of `batches` batches per pass.
    pub fn new(
        inner: Arc<dyn DataLoader<O>>,
        batches: usize,
        chunk: usize,
        total: usize,
        first_chunk: usize,
    ) -> Self {
        Self {
            inner,
            batches: batches.max(1),
            chunk: chunk.max(1),
            total,
            passes: Arc::default(),
            first_chunk,
        }
    }
}

impl<O: 'static> DataLoader<O> for IterationChunks<O> {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<O> + 'a> {
        let k = self.first_chunk + self.passes.fetch_add(1, Ordering::SeqCst);
        let start = (k - 1).saturating_mul(self.chunk);
        let len = self.total.saturating_sub(start).min(self.chunk);
        let mut current = self.inner.iter();
        for _ in 0..start % self.batches {
            current.next();
        }
        Box::new(Chunk {
            loader: self.inner.as_ref(),
            current,
            done: 0,
            len,
        })
    }

    fn num_items(&self) -> usize {
        self.inner.num_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<O>> {
        Arc::new(Self {
            inner: self.inner.to_device(device),
            ..self.clone()
        })
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<O>> {
        Arc::new(Self {
            inner: self.inner.slice(start, end),
            ..self.clone()
        })
    }
}

/// One chunk: `len` batches, restarting `loader` when a pass ends.
struct Chunk<'a, O> {
    loader: &'a dyn DataLoader<O>,
    current: Box<dyn DataLoaderIterator<O> + 'a>,
    done: usize,
    len: usize,
}

impl<O> Iterator for Chunk<'_, O> {
    type Item = Result<O, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done >= self.len {
            return None;
        }
        let item = match self.current.next() {
            Some(item) => item,
            None => {
                self.current = self.loader.iter();
                self.current.next()?
            }
        };
        self.done += 1;
        Some(item)
    }
}

impl<O> DataLoaderIterator<O> for Chunk<'_, O> {
    fn progress(&self) -> Progress {
        Progress::new(self.done, self.len, None)
    }
}
