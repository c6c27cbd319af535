//! Evaluation, as mmpretrain's metrics: the [`METRICS`] registry (`Accuracy`,
//! `SingleLabelMetric`), each computed over a whole split from every sample's scores, reported
//! under mmpretrain's names in percent.

mod accuracy;
mod burn_metric;
mod single_label;

use std::fmt::Debug;

use anyhow::anyhow;
use registry_core::{BuildContext, KeyPath, Registry, Upcast};
use serde_json::Value;

pub use accuracy::Accuracy;
pub use burn_metric::{SplitMetric, ValResults};
pub use single_label::SingleLabelMetric;

/// A metric over a split: fed batches of scores, it reports named values at the end.
pub trait ClsMetric: Send + Sync + Debug + 'static {
    /// Adds a batch: `scores` row-major `[n, classes]`, `labels` the `n` true classes.
    fn process(&mut self, scores: &[f32], classes: usize, labels: &[usize]);
    /// The values over everything processed, by mmpretrain's names (`accuracy/top1`).
    fn compute(&self) -> Vec<(String, f64)>;
    /// Forgets everything processed.
    fn reset(&mut self);
    /// An empty copy.
    fn fresh(&self) -> Box<dyn ClsMetric>;
}

impl<T: ClsMetric> Upcast<T> for Box<dyn ClsMetric> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// Metrics for `val_evaluator`/`test_evaluator`, as mmengine's `METRICS`.
pub static METRICS: Registry<Box<dyn ClsMetric>> = Registry::new("METRICS");

/// The metrics of an evaluator config at `key` (`val_evaluator`): a dict, a list of dicts, or
/// `dict(metrics=[…])`.
pub fn build_evaluator(config: &Value, key: &str) -> anyhow::Result<Vec<Box<dyn ClsMetric>>> {
    let root = KeyPath::root().key(key);
    let (items, root): (Vec<&Value>, KeyPath) = match config {
        Value::Array(items) => (items.iter().collect(), root),
        Value::Object(map) if map.contains_key("metrics") && !map.contains_key("type") => {
            match &map["metrics"] {
                Value::Array(items) => (items.iter().collect(), root.key("metrics")),
                item => (vec![item], root.key("metrics")),
            }
        }
        item => (vec![item], root),
    };
    let single = items.len() == 1 && !matches!(config, Value::Array(_));
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let path = if single {
                root.clone()
            } else {
                root.clone().index(index)
            };
            METRICS
                .build_in(item, &mut BuildContext::default().at(path))
                .map_err(|error| anyhow!("{error}"))
        })
        .collect()
}

/// Every value of `metrics`, in order.
pub fn compute_all(metrics: &[Box<dyn ClsMetric>]) -> Vec<(String, f64)> {
    metrics.iter().flat_map(|metric| metric.compute()).collect()
}

#[cfg(test)]
mod tests;
