//! Checkpoints in the work dir as mmengine names them: burn-train's checkpointers write
//! `epoch_N.bpk` (the model), `epoch_N.optim.bpk` and `epoch_N.scheduler.bpk` (optimizer and
//! schedule, whose record is the iteration), or `iter_N.*` for iteration-based loops; the model
//! file's path goes into `last_checkpoint`. [`KeepPolicy`] saves on the hook's interval and
//! deletes the oldest beyond `max_keep_ckpts`; with `save_best`, it also has the model saved as
//! the best checkpoint of a metric (see [`BestTracker`]), which burn-train knows nothing of: the
//! policy tells the checkpointers what this epoch's save is through [`EpochSaves`].

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use burn::train::checkpoint::{
    Checkpoint, Checkpointer, CheckpointerError, CheckpointingAction, CheckpointingStrategy,
};
use burn::train::metric::store::EventStoreClient;

use super::best::{BestSave, BestTracker};
use super::renderer::History;
use crate::hooks::CheckpointPolicy;

/// What the save of the current epoch writes, set by [`KeepPolicy`] for the checkpointers.
#[derive(Debug, Clone)]
pub struct EpochSaves {
    /// `epoch_N.*` (the interval or the last epoch).
    pub regular: bool,
    /// Best checkpoints (model only).
    pub best: Vec<BestSave>,
    /// The new `best_checkpoint.json` (path, text), when a best changed.
    pub record: Option<(PathBuf, String)>,
}

impl Default for EpochSaves {
    fn default() -> Self {
        Self {
            regular: true,
            best: Vec::new(),
            record: None,
        }
    }
}

/// [`EpochSaves`] shared by the policy and the three checkpointers.
pub type SharedSaves = Arc<Mutex<EpochSaves>>;

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
    saves: SharedSaves,
}

impl WorkDirCheckpointer {
    /// The checkpointer of `part` in `dir`; it saves `epoch_N` files until told otherwise.
    pub fn new(dir: &Path, part: &'static str, naming: Naming) -> Self {
        Self {
            dir: dir.to_owned(),
            part,
            naming,
            saves: SharedSaves::default(),
        }
    }

    /// Saves what `saves` says (set by the [`KeepPolicy`] sharing it).
    pub fn with_saves(mut self, saves: SharedSaves) -> Self {
        self.saves = saves;
        self
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

impl WorkDirCheckpointer {
    /// The model's save: `epoch_N.bpk` and `last_checkpoint` if regular, then each best file (a
    /// copy of the first file written), the previous bests deleted, `best_checkpoint.json`.
    fn save_model<R: Checkpoint>(
        &self,
        epoch: usize,
        record: R,
        saves: &EpochSaves,
    ) -> Result<(), CheckpointerError> {
        let first = match (saves.regular, saves.best.first()) {
            (false, Some(best)) => best.path.clone(),
            _ => self.path(epoch),
        };
        record.save(first.clone())?;
        if saves.regular {
            let last = self.dir.join("last_checkpoint");
            std::fs::write(&last, first.display().to_string()).map_err(at(&last))?;
        }
        for best in &saves.best {
            if best.path != first {
                std::fs::copy(&first, &best.path).map_err(at(&best.path))?;
            }
            if let Some(previous) = &best.previous {
                remove(previous)?;
            }
            eprintln!(
                "The best checkpoint with {:.4} {} is saved to {}.",
                best.score,
                best.key,
                best.path.display()
            );
        }
        if let Some((path, text)) = &saves.record {
            std::fs::write(path, text).map_err(at(path))?;
        }
        Ok(())
    }
}

/// An I/O error on `path`, as a checkpointer error that names it.
fn at(path: &Path) -> impl FnOnce(std::io::Error) -> CheckpointerError + '_ {
    move |error| {
        CheckpointerError::IOError(std::io::Error::new(
            error.kind(),
            format!("{}: {error}", path.display()),
        ))
    }
}

/// Deletes `path`; one already gone is fine.
fn remove(path: &Path) -> Result<(), CheckpointerError> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(at(path)(error)),
        _ => Ok(()),
    }
}

impl<R: Checkpoint> Checkpointer<R> for WorkDirCheckpointer {
    fn save(&self, epoch: usize, record: R) -> Result<(), CheckpointerError> {
        let saves = self
            .saves
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match self.part {
            "" => self.save_model(epoch, record, &saves),
            _ if saves.regular => record.save(self.path(epoch)),
            _ => Ok(()),
        }
    }

    fn delete(&self, epoch: usize) -> Result<(), CheckpointerError> {
        remove(&self.path(epoch))
    }

    fn restore(&self, epoch: usize) -> Result<R, CheckpointerError> {
        R::load(self.path(epoch))
    }
}

/// Saves on the interval (and the last epoch), keeps the newest `max_keep`, and the best.
pub struct KeepPolicy {
    policy: CheckpointPolicy,
    /// Iterations per burn-train epoch for an iteration-based policy, else 1.
    per_epoch: usize,
    last_epoch: usize,
    saved: VecDeque<usize>,
    best: Option<FollowBest>,
    saves: SharedSaves,
}

/// What `save_best` needs: the tracker, and the validation the renderer left.
pub struct FollowBest {
    /// The bests so far.
    pub tracker: BestTracker,
    /// Where the renderer leaves each validation's values (`History::fresh_validation`).
    pub history: Arc<Mutex<History>>,
}

impl KeepPolicy {
    /// `policy` over `last_epoch` burn-train epochs of `per_epoch` units each.
    pub fn new(policy: CheckpointPolicy, per_epoch: usize, last_epoch: usize) -> Self {
        Self {
            policy,
            per_epoch: per_epoch.max(1),
            last_epoch,
            saved: VecDeque::new(),
            best: None,
            saves: SharedSaves::default(),
        }
    }

    /// Also keeps best checkpoints.
    pub fn with_best(mut self, best: FollowBest) -> Self {
        self.best = Some(best);
        self
    }

    /// What each save writes, for the checkpointers to share.
    pub fn shared_saves(&self) -> SharedSaves {
        self.saves.clone()
    }

    /// Whether epoch `epoch` is saved.
    pub fn saves(&self, epoch: usize) -> bool {
        let on_interval = self.policy.interval.is_some_and(|interval| {
            let interval = usize::try_from(interval).unwrap_or(usize::MAX);
            let before = epoch.saturating_sub(1).saturating_mul(self.per_epoch);
            let now = epoch.saturating_mul(self.per_epoch);
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
    /// The best checkpoints after epoch `epoch`, from the validation just run (if any).
    fn bests(&mut self, epoch: usize) -> (Vec<BestSave>, Option<(PathBuf, String)>) {
        let Some(follow) = &mut self.best else {
            return (Vec::new(), None);
        };
        let values = follow
            .history
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fresh_validation
            .take();
        let saves = values.map_or_else(Vec::new, |values| follow.tracker.update(epoch, &values));
        let record =
            (!saves.is_empty()).then(|| (follow.tracker.record_path(), follow.tracker.record()));
        (saves, record)
    }

    /// What to do after epoch `epoch`: save it (on the interval, the last epoch, or a new
    /// best), delete the oldest beyond `max_keep`.
    pub fn actions(&mut self, epoch: usize) -> Vec<CheckpointingAction> {
        let regular = self.saves(epoch);
        let (best, record) = self.bests(epoch);
        let save = regular || !best.is_empty();
        *self.saves.lock().unwrap_or_else(PoisonError::into_inner) = EpochSaves {
            regular,
            best,
            record,
        };
        if !save {
            return Vec::new();
        }
        let mut actions = vec![CheckpointingAction::Save];
        if !regular {
            return actions;
        }
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
            save_best: None,
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
