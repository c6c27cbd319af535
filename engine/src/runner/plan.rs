//! [`RunShape`] and [`Plan`]: a train loop config laid onto burn-train's epochs. An
//! `EpochBasedTrainLoop` is burn-train's epochs, validation gated by [`IntervalLoader`] to
//! mmengine's `val_begin`/`val_interval` (and the last epoch); an `IterBasedTrainLoop` is cut by
//! [`IterationChunks`] into burn-train epochs of `val_interval` iterations.

use std::sync::Arc;

use anyhow::bail;
use burn::data::dataloader::DataLoader;

use super::Naming;
use crate::data::{ClsBatch, IntervalLoader, IterationChunks};
use crate::loops::LoopPlan;

/// The sizes of a run, in burn-train epochs.
#[derive(Debug, Clone, Copy)]
pub struct RunShape {
    /// The loop.
    pub loop_plan: LoopPlan,
    /// Iterations per pass over the train dataloader on each device (batches ÷ devices,
    /// rounded up): the epoch length of schedulers.
    pub epoch_len: usize,
    /// Iterations per burn-train epoch.
    pub steps: usize,
    /// burn-train epochs in all.
    pub num_epochs: usize,
    /// burn-train epochs already done (resume).
    pub start: usize,
}

/// The most iterations a run may count: the schedulers' "no end" (`i64::MAX`, as mmengine's
/// `INF`).
const INF_ITERS: usize = crate::scheduler::INF as usize;

impl RunShape {
    /// The shape of `loop_plan` over `num_batches` batches shared by `replicas` devices, after
    /// `start` burn-train epochs.
    pub fn new(
        loop_plan: LoopPlan,
        num_batches: usize,
        replicas: usize,
        start: usize,
    ) -> anyhow::Result<Self> {
        let epoch_len = num_batches.div_ceil(replicas.max(1)).max(1);
        let (steps, num_epochs) = match loop_plan {
            LoopPlan::Epochs { max_epochs, .. } => {
                if max_epochs
                    .checked_mul(epoch_len)
                    .is_none_or(|iters| iters > INF_ITERS)
                {
                    bail!(
                        "train_cfg.max_epochs: {max_epochs} epochs of {epoch_len} iterations are more iterations than can be counted ({INF_ITERS})"
                    );
                }
                (epoch_len, max_epochs)
            }
            LoopPlan::Iters {
                max_iters,
                val_interval,
                ..
            } => {
                if max_iters > INF_ITERS {
                    bail!(
                        "train_cfg.max_iters: {max_iters} is more iterations than can be counted ({INF_ITERS})"
                    );
                }
                let chunk = val_interval.min(max_iters).max(1);
                (chunk, max_iters.div_ceil(chunk))
            }
            LoopPlan::Eval => {
                bail!("train_cfg: expected a train loop, got a validation or test loop")
            }
        };
        if start >= num_epochs {
            bail!(
                "resume: the checkpoint already ends the run ({start} of {num_epochs} {}); raise train_cfg's max_epochs/max_iters to train on",
                if matches!(loop_plan, LoopPlan::Iters { .. }) {
                    "chunks"
                } else {
                    "epochs"
                }
            );
        }
        Ok(Self {
            loop_plan,
            epoch_len,
            steps,
            num_epochs,
            start,
        })
    }

    /// Whether the loop counts iterations.
    pub fn iteration_loop(&self) -> bool {
        matches!(self.loop_plan, LoopPlan::Iters { .. })
    }

    /// How checkpoints are named.
    pub fn naming(&self) -> Naming {
        match self.loop_plan {
            LoopPlan::Iters { max_iters, .. } => Naming::Iters {
                chunk: self.steps,
                total: max_iters,
            },
            _ => Naming::Epochs,
        }
    }

    /// Units of a `CheckpointHook` interval per burn-train epoch: 1 for epochs, else iterations.
    pub fn units_per_epoch(&self, by_epoch: bool) -> usize {
        match by_epoch && !self.iteration_loop() {
            true => 1,
            false => self.steps,
        }
    }

    /// Whether burn-train epoch `epoch` (1-based) validates, as mmengine's loops.
    pub fn validates(&self, epoch: usize) -> bool {
        match self.loop_plan {
            LoopPlan::Epochs {
                max_epochs,
                val_begin,
                val_interval,
            } => epoch >= val_begin && (epoch.is_multiple_of(val_interval) || epoch == max_epochs),
            LoopPlan::Iters {
                max_iters,
                val_begin,
                ..
            } => epoch.saturating_mul(self.steps).min(max_iters) >= val_begin,
            LoopPlan::Eval => false,
        }
    }

    /// The loop in words.
    pub fn describe(&self) -> String {
        match self.loop_plan {
            LoopPlan::Epochs {
                max_epochs,
                val_begin,
                val_interval,
            } => format!(
                "{max_epochs} epochs (from epoch {}), validation every {val_interval} from epoch {val_begin}",
                self.start + 1
            ),
            LoopPlan::Iters {
                max_iters,
                val_begin,
                val_interval,
            } => format!(
                "{max_iters} iterations in chunks of {}, validation every {val_interval} from iteration {val_begin}",
                self.steps
            ),
            LoopPlan::Eval => String::new(),
        }
    }
}

/// The dataloaders burn-train gets.
pub struct Plan {
    /// The shape.
    pub shape: RunShape,
    /// Train batches (chunked for an iteration loop).
    pub train: Arc<dyn DataLoader<ClsBatch>>,
    /// Validation batches on the epochs that validate, none on the others (or always none).
    pub valid: Arc<dyn DataLoader<ClsBatch>>,
}

impl Plan {
    /// Lays `train` and `valid` onto `shape`.
    pub fn new(
        shape: RunShape,
        train: Arc<dyn DataLoader<ClsBatch>>,
        valid: Option<Arc<dyn DataLoader<ClsBatch>>>,
    ) -> Self {
        let first = shape.start + 1;
        let gated_train: Arc<dyn DataLoader<ClsBatch>> = match shape.loop_plan {
            LoopPlan::Iters { max_iters, .. } => Arc::new(IterationChunks::new(
                train.clone(),
                shape.epoch_len,
                shape.steps,
                max_iters,
                first,
            )),
            _ => train.clone(),
        };
        let valid = match valid {
            Some(valid) => Arc::new(IntervalLoader::new(
                valid,
                first,
                Arc::new(move |epoch| shape.validates(epoch)),
            )),
            None => Arc::new(IntervalLoader::new(train, first, Arc::new(|_| false))),
        };
        Self {
            shape,
            train: gated_train,
            valid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_epochs_as_mmengine() {
        let plan = LoopPlan::Epochs {
            max_epochs: 5,
            val_begin: 2,
            val_interval: 2,
        };
        let shape = RunShape::new(plan, 10, 3, 0).unwrap();
        assert_eq!(shape.epoch_len, 4);
        let epochs: Vec<usize> = (1..=5).filter(|&epoch| shape.validates(epoch)).collect();
        assert_eq!(epochs, [2, 4, 5]);
        let iters = RunShape::new(
            LoopPlan::Iters {
                max_iters: 25,
                val_begin: 1,
                val_interval: 10,
            },
            7,
            1,
            0,
        )
        .unwrap();
        assert_eq!((iters.steps, iters.num_epochs), (10, 3));
        let error = RunShape::new(plan, 10, 1, 5).unwrap_err().to_string();
        assert!(
            error.starts_with("resume: the checkpoint already ends the run"),
            "{error}"
        );
    }
}
