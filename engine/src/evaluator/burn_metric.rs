//! [`SplitMetric`]: one of our metrics as a burn-train metric, so that the Learner's
//! validation feeds it every batch and asks for its value at the end of the split.

use std::sync::{Arc, Mutex, PoisonError};

use burn::tensor::{Int, Tensor, TensorReadError};
use burn::train::ClassificationOutput;
use burn::train::metric::{
    Adaptor, Metric, MetricAttributes, MetricMetadata, MetricName, Numeric, NumericAttributes,
    NumericEntry, SerializedEntry,
};

use super::ClsMetric;

/// The scores and labels of a batch.
pub struct ScoresInput {
    scores: Tensor<2>,
    labels: Tensor<1, Int>,
}

impl Adaptor<ScoresInput> for ClassificationOutput {
    fn adapt(&self) -> ScoresInput {
        ScoresInput {
            scores: self.output.clone(),
            labels: self.targets.clone(),
        }
    }
}

/// Every value of the evaluator's metrics at the end of the last validation, by name.
pub type ValResults = Arc<Mutex<Vec<(String, f64)>>>;

/// A metric shared between burn-train (which feeds it) and the runner (which reads every
/// value at the end of the split); burn-train shows its first value.
#[derive(Clone)]
pub struct SplitMetric {
    name: MetricName,
    inner: Arc<Mutex<Box<dyn ClsMetric>>>,
    results: Option<ValResults>,
}

impl SplitMetric {
    /// Wraps `inner`, named in burn-train by its first value's name.
    pub fn new(inner: Arc<Mutex<Box<dyn ClsMetric>>>) -> Self {
        let name = lock(&inner)
            .compute()
            .first()
            .map_or_else(|| "metric".to_owned(), |(name, _)| name.clone());
        Self {
            name: Arc::new(name),
            inner,
            results: None,
        }
    }

    /// Also writes every value into `results` when the split ends (burn-train clears the
    /// metric right after).
    pub fn with_results(mut self, results: ValResults) -> Self {
        self.results = Some(results);
        self
    }

    fn first(&self) -> f64 {
        lock(&self.inner)
            .compute()
            .first()
            .map_or(0.0, |(_, value)| *value)
    }

    fn entry(&self) -> SerializedEntry {
        let value = self.first();
        SerializedEntry::new(format!("{}: {value:.2}", self.name), value.to_string())
    }
}

fn lock(metric: &Mutex<Box<dyn ClsMetric>>) -> std::sync::MutexGuard<'_, Box<dyn ClsMetric>> {
    metric.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Metric for SplitMetric {
    type Input = ScoresInput;

    fn name(&self) -> MetricName {
        self.name.clone()
    }

    fn attributes(&self) -> MetricAttributes {
        NumericAttributes {
            unit: Some("%".to_owned()),
            higher_is_better: true,
        }
        .into()
    }

    fn update(
        &mut self,
        input: &ScoresInput,
        _: &MetricMetadata,
    ) -> Result<SerializedEntry, TensorReadError> {
        let [_, classes] = input.scores.dims();
        let scores = input
            .scores
            .clone()
            .into_data()
            .convert::<f32>()
            .try_to_vec::<f32>()
            .unwrap_or_default();
        let labels: Vec<usize> = input
            .labels
            .clone()
            .into_data()
            .convert::<i64>()
            .try_to_vec::<i64>()
            .unwrap_or_default()
            .into_iter()
            .map(|label| usize::try_from(label).unwrap_or(usize::MAX))
            .collect();
        lock(&self.inner).process(&scores, classes, &labels);
        Ok(self.entry())
    }

    fn compute(&mut self) -> Result<SerializedEntry, TensorReadError> {
        if let Some(results) = &self.results {
            let values = lock(&self.inner).compute();
            let mut all = results.lock().unwrap_or_else(PoisonError::into_inner);
            all.retain(|(name, _)| !values.iter().any(|(new, _)| new == name));
            all.extend(values);
        }
        Ok(self.entry())
    }

    fn clear(&mut self) {
        lock(&self.inner).reset();
    }
}

impl Numeric for SplitMetric {
    fn value(&self) -> Option<NumericEntry> {
        Some(NumericEntry::Value(self.first()))
    }

    fn running_value(&self) -> Option<NumericEntry> {
        Some(NumericEntry::Value(self.first()))
    }

    fn final_value(&self) -> NumericEntry {
        NumericEntry::Final(self.first())
    }
}
