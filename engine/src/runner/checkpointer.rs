//! Checkpoints in the work dir as mmengine names them: burn-train's checkpointers write
//! `epoch_N.bpk` (the model), `epoch_N.optim.bpk` and `epoch_N.scheduler.bpk` (optimizer and
//! schedule, whose record is the iteration), or `iter_N.*` for iteration-based loops; the model
//! file's path goes into `last_checkpoint`. [`KeepPolicy`] saves on the hook's interval and
//! deletes the oldest beyond `max_keep_ckpts`.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use burn::train::checkpoint::{
    Checkpoint, Checkpointer, CheckpointerError, CheckpointingAction, CheckpointingStrategy,
};
use burn::train::metric::store::EventStoreClient;

use crate::hooks::CheckpointPolicy;

/// How burn-train's epoch numbers become checkpoint names.
#[derive(Debug, Clone, Copy)]
pub enum Naming {
    /// `epoch_N`.
    Epochs,
    /// `iter_N`: epoch k ends at iteration min(k·chunk, total).
    Iters { chunk: usize, total: usize },
}

impl Naming {
    /// The stem of epoch `epoch`'s files.
    pub fn stem(self, epoch: usize) -> String {
        match self {
            Naming::Epochs => format!("epoch_{epoch}"),
            Naming::Iters { chunk, total } => {
                format!("iter_{}", epoch.saturating_mul(chunk).min(total))
            }
        }
    }
}

/// One of the three records, saved under the work dir.
pub struct WorkDirCheckpointer {
    dir: PathBuf,
    /// `""` (the model, which also writes `last_checkpoint`), `"optim"` or `"scheduler"`.
    part: &'static str,
    naming: Naming,
}

impl WorkDirCheckpointer {
    /// The checkpointer of `part` in `dir`.
    pub fn new(dir: &Path, part: &'static str, naming: Naming) -> Self {
        Self {
            dir: dir.to_owned(),
            part,
            naming,
        }
    }

    /// The file of epoch `epoch`.
    pub fn path(&self, epoch: usize) -> PathBuf {
        let stem = self.naming.stem(epoch);
        match self.part {
            "" => self.dir.join(format!("{stem}.bpk")),
            part => self.dir.join(format!("{stem}.{part}.bpk")),
        }
    }
}

impl<R: Checkpoint> Checkpointer<R> for WorkDirCheckpointer {
    fn save(&self, epoch: usize, record: R) -> Result<(), CheckpointerError> {
        let path = self.path(epoch);
        record.save(path.clone())?;
        if self.part.is_empty() {
            std::fs::write(self.dir.join("last_checkpoint"), path.display().to_string())
                .map_err(CheckpointerError::IOError)?;
        }
        Ok(())
    }

    fn delete(&self, epoch: usize) -> Result<(), CheckpointerError> {
        match std::fs::remove_file(self.path(epoch)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(CheckpointerError::IOError(error))
            }
            _ => Ok(()),
        }
    }

    fn restore(&self, epoch: usize) -> Result<R, CheckpointerError> {
        R::load(self.path(epoch))
    }
}

/// Saves on the interval (and the last epoch), keeps the newest `max_keep`.
pub struct KeepPolicy {
    policy: CheckpointPolicy,
    /// Iterations per burn-train epoch for an iteration-based policy, else 1.
    per_epoch: usize,
    last_epoch: usize,
    saved: VecDeque<usize>,
}

impl KeepPolicy {
    /// `policy` over `last_epoch` burn-train epochs of `per_epoch` units each.
    pub fn new(policy: CheckpointPolicy, per_epoch: usize, last_epoch: usize) -> Self {
        Self {
            policy,
            per_epoch: per_epoch.max(1),
            last_epoch,
            saved: VecDeque::new(),
        }
    }

    /// Whether epoch `epoch` is saved.
    pub fn saves(&self, epoch: usize) -> bool {
        let on_interval = self.policy.interval.is_some_and(|interval| {
            let interval = interval as usize;
            let (before, now) = ((epoch - 1) * self.per_epoch, epoch * self.per_epoch);
            now / interval > before / interval
        });
        on_interval || (self.policy.save_last && epoch == self.last_epoch)
    }
}

impl CheckpointingStrategy for KeepPolicy {
    fn checkpointing(&mut self, epoch: usize, _: &EventStoreClient) -> Vec<CheckpointingAction> {
        self.actions(epoch)
    }
}

impl KeepPolicy {
    /// What to do after epoch `epoch`: save it, delete the oldest beyond `max_keep`.
    pub fn actions(&mut self, epoch: usize) -> Vec<CheckpointingAction> {
        if !self.saves(epoch) {
            return Vec::new();
        }
        let mut actions = vec![CheckpointingAction::Save];
        self.saved.push_back(epoch);
        if let Some(max_keep) = self.policy.max_keep {
            while self.saved.len() > max_keep {
                if let Some(old) = self.saved.pop_front() {
                    actions.push(CheckpointingAction::Delete(old));
                }
            }
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(interval: Option<u64>, max_keep: Option<usize>) -> CheckpointPolicy {
        CheckpointPolicy {
            interval,
            by_epoch: true,
            max_keep,
            save_last: true,
        }
    }

    /// The (saved, deleted) epochs over `epochs` burn-train epochs.
    fn run(mut keep: KeepPolicy, epochs: usize) -> (Vec<usize>, Vec<usize>) {
        let (mut saved, mut deleted) = (Vec::new(), Vec::new());
        for epoch in 1..=epochs {
            for action in keep.actions(epoch) {
                match action {
                    CheckpointingAction::Save => saved.push(epoch),
                    CheckpointingAction::Delete(old) => deleted.push(old),
                }
            }
        }
        (saved, deleted)
    }

    #[test]
    fn interval_last_and_rotation() {
        assert_eq!(
            run(KeepPolicy::new(policy(Some(2), Some(2)), 1, 7), 7),
            (vec![2, 4, 6, 7], vec![2, 4])
        );
        assert_eq!(
            run(KeepPolicy::new(policy(None, None), 1, 3), 3),
            (vec![3], vec![])
        );
        // Iteration-based: epochs of 30 iterations, a checkpoint every 50 iterations.
        let iters = CheckpointPolicy {
            by_epoch: false,
            ..policy(Some(50), None)
        };
        assert_eq!(run(KeepPolicy::new(iters, 30, 4), 4), (vec![2, 4], vec![]));
    }

    #[test]
    fn names_as_mmengine() {
        let dir = Path::new("w");
        assert_eq!(
            WorkDirCheckpointer::new(dir, "", Naming::Epochs).path(3),
            Path::new("w/epoch_3.bpk")
        );
        let iters = Naming::Iters {
            chunk: 30,
            total: 100,
        };
        assert_eq!(
            WorkDirCheckpointer::new(dir, "optim", iters).path(4),
            Path::new("w/iter_100.optim.bpk")
        );
    }
}
