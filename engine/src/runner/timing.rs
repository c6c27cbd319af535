//! Iteration times, as mmengine's `IterTimerHook`: `data_time` is the time the train dataloader
//! took to give the batch, `time` the whole iteration (loading, forward, backward, optimizer
//! step). [`TimedLoader`] notes when each batch was asked for and how long it took, in the
//! thread that iterates (the one that then runs the step); the [`Trainee`](super::Trainee)'s
//! step reads that and hands an [`IterTiming`] on with its output, whose `time` it completes
//! after the optimizer step (before burn-train sends the item to its metrics). burn-train's
//! metrics [`TimeMetric`] then report both to the renderer, which logs them in
//! `vis_data/scalars.json` averaged over the logging window.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use burn::data::dataloader::{DataLoader, DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::{Device, TensorReadError};
use burn::train::metric::state::{FormatOptions, NumericMetricState};
use burn::train::metric::{
    Metric, MetricAttributes, MetricMetadata, MetricName, Numeric, NumericAttributes, NumericEntry,
    SerializedEntry,
};

/// The clock of the thread running the training loop.
#[derive(Default)]
struct Clock {
    /// When the last batch was asked for, and how long it took to come.
    loaded: Option<(Instant, f64)>,
    /// The start of the running iteration and its time, set when it ends.
    running: Option<(Instant, SharedTime)>,
}

thread_local! {
    static CLOCK: RefCell<Clock> = RefCell::new(Clock::default());
}

/// The whole time of an iteration, set when it ends.
pub type SharedTime = Arc<Mutex<f64>>;

/// The times of one training iteration, in seconds.
#[derive(Debug, Clone)]
pub struct IterTiming {
    /// Loading the batch.
    pub data_time: f64,
    /// The whole iteration (set once it ends).
    pub time: SharedTime,
}

impl IterTiming {
    /// Starts the timing of the step now running: the batch this thread last loaded (if this
    /// thread loaded none, the iteration starts now, with no loading time).
    pub fn start() -> Self {
        let now = Instant::now();
        CLOCK.with_borrow_mut(|clock| {
            let (start, data_time) = clock.loaded.take().unwrap_or((now, 0.0));
            let timing = IterTiming {
                data_time,
                time: Arc::new(Mutex::new(0.0)),
            };
            clock.running = Some((start, timing.time.clone()));
            timing
        })
    }

    /// Marks the current iteration's end (after its backward pass, and again after its
    /// optimizer step when there is one).
    pub fn stop() {
        CLOCK.with_borrow(|clock| {
            if let Some((start, time)) = &clock.running {
                *time.lock().unwrap_or_else(PoisonError::into_inner) =
                    start.elapsed().as_secs_f64();
            }
        });
    }

    /// The iteration's time, as last marked.
    pub fn time(&self) -> f64 {
        *self.time.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A dataloader that times each batch for [`IterTiming`].
pub struct TimedLoader<O> {
    inner: Arc<dyn DataLoader<O>>,
}

impl<O> TimedLoader<O> {
    /// Times `inner`.
    pub fn new(inner: Arc<dyn DataLoader<O>>) -> Self {
        Self { inner }
    }
}

impl<O: 'static> DataLoader<O> for TimedLoader<O> {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<O> + 'a> {
        Box::new(TimedIter {
            inner: self.inner.iter(),
        })
    }

    fn num_items(&self) -> usize {
        self.inner.num_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<O>> {
        Arc::new(Self::new(self.inner.to_device(device)))
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<O>> {
        Arc::new(Self::new(self.inner.slice(start, end)))
    }
}

/// [`TimedLoader`]'s iterator.
struct TimedIter<'a, O> {
    inner: Box<dyn DataLoaderIterator<O> + 'a>,
}

impl<O> Iterator for TimedIter<'_, O> {
    type Item = Result<O, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = Instant::now();
        let item = self.inner.next();
        CLOCK.with_borrow_mut(|clock| {
            clock.loaded = Some((start, start.elapsed().as_secs_f64()));
            clock.running = None;
        });
        item
    }
}

impl<O> DataLoaderIterator<O> for TimedIter<'_, O> {
    fn progress(&self) -> Progress {
        self.inner.progress()
    }
}

/// burn-train's metric of `time` or `data_time`, read by the renderer.
#[derive(Clone)]
pub struct TimeMetric {
    name: MetricName,
    data: bool,
    state: NumericMetricState,
}

impl TimeMetric {
    /// `time`: the whole iteration.
    pub fn time() -> Self {
        Self::new(TIME, false)
    }

    /// `data_time`: loading the batch.
    pub fn data_time() -> Self {
        Self::new(DATA_TIME, true)
    }

    fn new(name: &str, data: bool) -> Self {
        Self {
            name: Arc::new(name.to_owned()),
            data,
            state: NumericMetricState::new(),
        }
    }
}

/// burn-train's name of the iteration time metric (mmengine's key).
pub const TIME: &str = "time";
/// burn-train's name of the loading time metric (mmengine's key).
pub const DATA_TIME: &str = "data_time";

impl Metric for TimeMetric {
    type Input = IterTiming;

    fn update(
        &mut self,
        item: &IterTiming,
        _: &MetricMetadata,
    ) -> Result<SerializedEntry, TensorReadError> {
        let value = if self.data {
            item.data_time
        } else {
            item.time()
        };
        self.state.update(value, 1);
        Ok(self
            .state
            .compute_update(FormatOptions::new(self.name()).precision(4)))
    }

    fn compute(&mut self) -> Result<SerializedEntry, TensorReadError> {
        Ok(self
            .state
            .compute_final(FormatOptions::new(self.name()).precision(4)))
    }

    fn clear(&mut self) {
        self.state.reset()
    }

    fn name(&self) -> MetricName {
        self.name.clone()
    }

    fn attributes(&self) -> MetricAttributes {
        NumericAttributes {
            unit: Some("s".to_owned()),
            higher_is_better: false,
        }
        .into()
    }
}

impl Numeric for TimeMetric {
    fn value(&self) -> Option<NumericEntry> {
        Some(self.state.current_value())
    }

    fn running_value(&self) -> Option<NumericEntry> {
        Some(self.state.running_value())
    }

    fn final_value(&self) -> NumericEntry {
        self.state.final_value()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_step_after_a_timed_batch_measures_loading_and_the_whole_iteration() {
        CLOCK.with_borrow_mut(|clock| {
            let start = Instant::now() - Duration::from_millis(30);
            *clock = Clock {
                loaded: Some((start, 0.02)),
                running: None,
            };
        });
        let timing = IterTiming::start();
        IterTiming::stop();
        assert_eq!(timing.data_time, 0.02);
        assert!(timing.time() >= 0.03, "{}", timing.time());
        // A step in a thread that loaded nothing: no loading time, a time of its own.
        std::thread::spawn(|| {
            let timing = IterTiming::start();
            std::thread::sleep(Duration::from_millis(2));
            IterTiming::stop();
            assert_eq!(timing.data_time, 0.0);
            assert!(timing.time() >= 0.002);
        })
        .join()
        .unwrap();
    }
}
