//! [`BestTracker`]: mmengine's best checkpoints (`CheckpointHook(save_best=…)`). After each
//! validation, a metric that beats its best so far (by its rule) gets the model saved as
//! `best_<metric>_<epoch_N|iter_N>.bpk` (`/` in the metric → `_`), and the previous best file of
//! that metric is deleted. The best scores and files are recorded in
//! `work_dir/best_checkpoint.json`, which a resumed run reads back (mmengine keeps them in its
//! message hub, saved with each checkpoint).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::Naming;
use crate::hooks::Rule;

/// The file recording the best scores, in the work dir.
pub const BEST_RECORD: &str = "best_checkpoint.json";

/// The best score of one metric and its checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Best {
    /// The score.
    pub score: f64,
    /// `greater` or `less`.
    pub rule: String,
    /// The model file.
    pub checkpoint: PathBuf,
}

/// A best checkpoint to write now.
#[derive(Debug, Clone, PartialEq)]
pub struct BestSave {
    /// The metric (`accuracy/top1`).
    pub key: String,
    /// Its new best score.
    pub score: f64,
    /// The file to write.
    pub path: PathBuf,
    /// The previous best file, to delete.
    pub previous: Option<PathBuf>,
}

/// The metrics followed and their best so far.
#[derive(Debug, Clone)]
pub struct BestTracker {
    dir: PathBuf,
    naming: Naming,
    followed: Vec<(String, Rule)>,
    best: BTreeMap<String, Best>,
}

impl BestTracker {
    /// Follows `followed` (metric, rule), writing into `dir`, naming files by `naming`.
    pub fn new(dir: &Path, naming: Naming, followed: Vec<(String, Rule)>) -> Self {
        Self {
            dir: dir.to_owned(),
            naming,
            followed,
            best: BTreeMap::new(),
        }
    }

    /// Reads back the bests of an earlier run from `dir/best_checkpoint.json`, if there is one.
    pub fn restore(mut self) -> anyhow::Result<Self> {
        let path = self.dir.join(BEST_RECORD);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(self),
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        self.best = serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: expected {{\"metric\": {{\"score\": …, \"rule\": …, \"checkpoint\": …}}}}",
                path.display()
            )
        })?;
        Ok(self)
    }

    /// The best checkpoints to write after burn-train epoch `epoch`, whose validation gave
    /// `values`; the new scores are kept.
    pub fn update(&mut self, epoch: usize, values: &[(String, f64)]) -> Vec<BestSave> {
        let stem = self.naming.stem(epoch);
        let mut saves = Vec::new();
        for (key, rule) in &self.followed {
            let Some(&(_, score)) = values.iter().find(|(name, _)| name == key) else {
                continue;
            };
            let previous = self.best.get(key);
            if !rule.beats(score, previous.map(|best| best.score)) {
                continue;
            }
            let file = format!("best_{key}_{stem}.bpk").replace('/', "_");
            let path = self.dir.join(file);
            let previous = previous
                .map(|best| best.checkpoint.clone())
                .filter(|old| *old != path);
            let best = Best {
                score,
                rule: rule.name().to_owned(),
                checkpoint: path.clone(),
            };
            self.best.insert(key.clone(), best);
            saves.push(BestSave {
                key: key.clone(),
                score,
                path,
                previous,
            });
        }
        saves
    }

    /// The record to write in `dir/best_checkpoint.json`.
    pub fn record(&self) -> String {
        serde_json::to_string_pretty(&self.best).unwrap_or_default()
    }

    /// Where the record goes.
    pub fn record_path(&self) -> PathBuf {
        self.dir.join(BEST_RECORD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(top1: f64, loss: f64) -> Vec<(String, f64)> {
        vec![("accuracy/top1".into(), top1), ("loss".into(), loss)]
    }

    #[test]
    fn a_better_score_replaces_the_previous_best_as_mmengine() {
        let followed = vec![
            ("accuracy/top1".to_owned(), Rule::Greater),
            ("loss".to_owned(), Rule::Less),
        ];
        let mut tracker = BestTracker::new(Path::new("w"), Naming::Epochs, followed);
        let first = tracker.update(1, &values(10.0, 2.0));
        let paths: Vec<&Path> = first.iter().map(|save| save.path.as_path()).collect();
        assert_eq!(
            paths,
            [
                Path::new("w/best_accuracy_top1_epoch_1.bpk"),
                Path::new("w/best_loss_epoch_1.bpk")
            ]
        );
        assert!(first.iter().all(|save| save.previous.is_none()));
        // Epoch 2: accuracy better, loss worse; epoch 3: equal accuracy is not better.
        let second = tracker.update(2, &values(12.5, 2.5));
        assert_eq!(second.len(), 1);
        assert_eq!(
            second[0].path,
            Path::new("w/best_accuracy_top1_epoch_2.bpk")
        );
        assert_eq!(
            second[0].previous.as_deref(),
            Some(Path::new("w/best_accuracy_top1_epoch_1.bpk"))
        );
        assert!(tracker.update(3, &values(12.5, 3.0)).is_empty());
        let record: BTreeMap<String, Best> = serde_json::from_str(&tracker.record()).unwrap();
        assert_eq!(record["accuracy/top1"].score, 12.5);
        assert_eq!(
            record["loss"].checkpoint,
            Path::new("w/best_loss_epoch_1.bpk")
        );
    }

    #[test]
    fn iteration_loops_name_the_iteration() {
        let naming = Naming::Iters {
            chunk: 30,
            total: 100,
        };
        let followed = vec![("accuracy/top1".to_owned(), Rule::Greater)];
        let mut tracker = BestTracker::new(Path::new("w"), naming, followed);
        let saves = tracker.update(4, &values(1.0, 1.0));
        assert_eq!(
            saves[0].path,
            Path::new("w/best_accuracy_top1_iter_100.bpk")
        );
    }

    #[test]
    fn a_resumed_run_keeps_the_earlier_best() {
        let dir = tempfile::tempdir().unwrap();
        let followed = vec![("accuracy/top1".to_owned(), Rule::Greater)];
        let mut tracker = BestTracker::new(dir.path(), Naming::Epochs, followed.clone());
        tracker.update(1, &values(50.0, 1.0));
        std::fs::write(tracker.record_path(), tracker.record()).unwrap();
        let mut resumed = BestTracker::new(dir.path(), Naming::Epochs, followed.clone())
            .restore()
            .unwrap();
        assert!(resumed.update(2, &values(40.0, 1.0)).is_empty());
        std::fs::write(dir.path().join(BEST_RECORD), "[1, 2]").unwrap();
        let error = BestTracker::new(dir.path(), Naming::Epochs, followed)
            .restore()
            .unwrap_err();
        assert!(
            format!("{error:#}").contains("best_checkpoint.json: expected"),
            "{error:#}"
        );
    }
}
