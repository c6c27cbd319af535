//! `resume=True` and `load_from`: the work dir's `last_checkpoint` (its three files checked
//! before burn-train, whose loader panics on a bad file, is handed them), and weights loaded
//! into the model through the `checkpoints` crate.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use burn::lr_scheduler::LrSchedulerRecord;
use burn::optim::OptimizerRecord;
use burn::store::ModuleRecord;
use burn::store::burn_pack::Reader;
use burn::train::checkpoint::Checkpoint as Record;
use checkpoints::{Checkpoint, LoadOptions};
use registry_core::Model;

/// Where a resumed run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumePoint {
    /// The model file `last_checkpoint` names.
    pub checkpoint: PathBuf,
    /// The burn-train epoch it ends (`epoch_N` → N; `iter_M` → M / `chunk`, rounded up).
    pub epoch: usize,
}

/// Reads `work_dir/last_checkpoint` and checks the model, optimizer and scheduler files.
pub fn find(work_dir: &Path, chunk: usize) -> anyhow::Result<ResumePoint> {
    let marker = work_dir.join("last_checkpoint");
    let text = std::fs::read_to_string(&marker).with_context(|| {
        format!(
            "resume: cannot read {} (no checkpoint to resume from in this work dir)",
            marker.display()
        )
    })?;
    at(Path::new(text.trim()), chunk, &marker.display().to_string())
}

/// Checks the checkpoint `checkpoint` (named by `source`: a file or a config key) and its
/// optimizer and scheduler files.
pub fn at(checkpoint: &Path, chunk: usize, source: &str) -> anyhow::Result<ResumePoint> {
    let checkpoint = checkpoint.to_owned();
    let stem = checkpoint
        .file_name()
        .and_then(|name| name.to_str())
        .and_then(|name| name.strip_suffix(".bpk"))
        .unwrap_or("");
    let epoch = match (stem.strip_prefix("epoch_"), stem.strip_prefix("iter_")) {
        (Some(n), _) => n.parse::<usize>().ok(),
        (_, Some(n)) => n
            .parse::<usize>()
            .ok()
            .map(|iters| iters.div_ceil(chunk.max(1))),
        _ => None,
    };
    let Some(epoch) = epoch.filter(|&epoch| epoch > 0) else {
        bail!(
            "{source}: expected the path of an epoch_N.bpk or iter_N.bpk file, got `{}`",
            checkpoint.display()
        );
    };
    let part = |part: &str| checkpoint.with_file_name(format!("{stem}{part}.bpk"));
    let [optim, scheduler] = [part(".optim"), part(".scheduler")];
    for path in [&checkpoint, &optim, &scheduler] {
        if !path.is_file() {
            bail!("resume: {} is missing (named by {source})", path.display());
        }
    }
    readable::<OptimizerRecord>(&optim)?;
    readable::<LrSchedulerRecord>(&scheduler)?;
    Checkpoint::open(&checkpoint).with_context(|| {
        format!(
            "resume: {} is not a readable checkpoint",
            checkpoint.display()
        )
    })?;
    readable::<ModuleRecord>(&checkpoint)?;
    expect_state(&checkpoint, State::Model)?;
    expect_state(&optim, State::Optimizer)?;
    expect_state(&scheduler, State::Scheduler)?;
    Ok(ResumePoint { checkpoint, epoch })
}

/// The state a run's `.bpk` file holds, told apart by what burn-optim and our schedule write:
/// an optimizer record has a `{param}.__rank` scalar per parameter, the schedule's record no
/// tensor and an `iteration` per scheduler (`0.iteration`, …), the model its tensors and neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Model,
    Optimizer,
    Scheduler,
}

impl State {
    fn of(path: &Path) -> anyhow::Result<Self> {
        let reader = Reader::from_file_exact(path).map_err(|error| {
            anyhow!(
                "resume: {} is not a readable checkpoint: {error}",
                path.display()
            )
        })?;
        let scalars = reader.scalars();
        Ok(if scalars.keys().any(|key| key.ends_with(".__rank")) {
            State::Optimizer
        } else if reader.tensor_names().is_empty()
            && scalars.keys().any(|key| key.ends_with("iteration"))
        {
            State::Scheduler
        } else {
            State::Model
        })
    }

    fn name(self) -> &'static str {
        match self {
            State::Model => "the model's weights",
            State::Optimizer => "an optimizer's state",
            State::Scheduler => "a learning-rate schedule's state",
        }
    }
}

/// Refuses `path` unless it holds `expected` (burn-train would load a swapped file silently).
fn expect_state(path: &Path, expected: State) -> anyhow::Result<()> {
    let found = State::of(path)?;
    if found != expected {
        bail!(
            "resume: {} holds {}, not {} (were the run's files renamed or swapped?)",
            path.display(),
            found.name(),
            expected.name()
        );
    }
    Ok(())
}

/// Reads `path` as burn-train does when it restores the run (its loader panics on a bad file;
/// burn-pack checks the tensors' extents against the file's length when it opens it).
fn readable<R: Record>(path: &Path) -> anyhow::Result<()> {
    R::load(path.to_owned()).map(drop).map_err(|error| {
        anyhow!(
            "resume: {} is not a readable checkpoint: {error}",
            path.display()
        )
    })
}

/// Loads the weights of `path` into `model`, strictly: a runner checkpoint (keys under
/// `model.`), a burnpack/safetensors file of the model, or a PyTorch `.pth` (mmpretrain's
/// or torchvision's key names). `key` names the option in errors (`load_from`).
pub fn load_weights(model: &mut Box<dyn Model>, path: &Path, key: &str) -> anyhow::Result<()> {
    if !path.is_file() {
        bail!("{key}: {} is not a file", path.display());
    }
    let mut checkpoint =
        Checkpoint::open(path).with_context(|| format!("{key}: cannot read {}", path.display()))?;
    if checkpoint.keys().any(|name| name.starts_with("model."))
        && !checkpoint.keys().any(|name| name.starts_with("backbone."))
    {
        checkpoint = checkpoint.select_prefix("model")?;
    }
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    checkpoint
        .load_into(model, &options)
        .with_context(|| format!("{key}: {} does not fit the config's model", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_bad_marker_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let error = find(dir.path(), 1).unwrap_err().to_string();
        assert!(error.contains("last_checkpoint"), "{error}");
        std::fs::write(dir.path().join("last_checkpoint"), "somewhere/model.bin").unwrap();
        let error = find(dir.path(), 1).unwrap_err().to_string();
        assert!(
            error.contains("expected the path of an epoch_N.bpk"),
            "{error}"
        );
        std::fs::write(
            dir.path().join("last_checkpoint"),
            dir.path().join("epoch_2.bpk").display().to_string(),
        )
        .unwrap();
        let error = find(dir.path(), 1).unwrap_err().to_string();
        assert!(error.contains("epoch_2.bpk is missing"), "{error}");
    }
}
