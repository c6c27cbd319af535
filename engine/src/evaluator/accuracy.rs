//! `Accuracy`: mmpretrain's top-k accuracy, in percent.

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{ClsMetric, METRICS};

/// `Accuracy`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct AccuracyArgs {
    /// The k of each top-k accuracy: an int or a list.
    #[serde(default = "top1")]
    pub topk: TopK,
}

/// `topk=1` or `topk=(1, 5)`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum TopK {
    /// One k.
    One(usize),
    /// Several.
    Many(Vec<usize>),
}

fn top1() -> TopK {
    TopK::One(1)
}

/// `dict(type='Accuracy', topk=(1, 5))`: reported as `accuracy/top1`, `accuracy/top5`. A
/// sample counts for top-k when its true class is among its k highest scores (ties: the lower
/// class first, as a stable sort).
#[register_module(METRICS, name = "Accuracy")]
#[derive(Debug, Clone)]
pub struct Accuracy {
    topk: Vec<usize>,
    correct: Vec<u64>,
    total: u64,
}

impl Buildable for Accuracy {
    type Config = AccuracyArgs;

    fn build(args: AccuracyArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let topk = match args.topk {
            TopK::One(k) => vec![k],
            TopK::Many(ks) => ks,
        };
        if topk.is_empty() || topk.contains(&0) {
            return Err(ctx.invalid("topk", "expected one or more k ≥ 1"));
        }
        Ok(Self::new(topk))
    }
}

impl Accuracy {
    /// Top-k accuracies for each of `topk`.
    pub fn new(topk: Vec<usize>) -> Self {
        Self {
            correct: vec![0; topk.len()],
            topk,
            total: 0,
        }
    }
}

impl ClsMetric for Accuracy {
    fn process(&mut self, scores: &[f32], classes: usize, labels: &[usize]) {
        for (row, &label) in scores.chunks(classes).zip(labels) {
            let score = row.get(label).copied().unwrap_or(f32::NEG_INFINITY);
            // Rank of the true class: classes scoring higher, or equal and listed before it.
            let rank = row
                .iter()
                .enumerate()
                .filter(|&(class, &s)| s > score || (s == score && class < label))
                .count();
            for (correct, &k) in self.correct.iter_mut().zip(&self.topk) {
                if rank < k {
                    *correct += 1;
                }
            }
            self.total += 1;
        }
    }

    fn compute(&self) -> Vec<(String, f64)> {
        self.topk
            .iter()
            .zip(&self.correct)
            .map(|(k, &correct)| {
                let value = match self.total {
                    0 => 0.0,
                    total => correct as f64 * 100.0 / total as f64,
                };
                (format!("accuracy/top{k}"), value)
            })
            .collect()
    }

    fn reset(&mut self) {
        *self = Self::new(self.topk.clone());
    }

    fn fresh(&self) -> Box<dyn ClsMetric> {
        Box::new(Self::new(self.topk.clone()))
    }
}
