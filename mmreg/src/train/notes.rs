//! [`Unhonoured`]: the config keys a run cannot follow, collected so that none is dropped
//! silently.

use std::fmt;

use serde_json::Value;

/// One config key the run does not follow, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhonoured {
    /// The key path, as `optim_wrapper.paramwise_cfg` or `param_scheduler[1].by_epoch`.
    pub path: String,
    /// Why it is not followed, or what happens instead.
    pub reason: String,
}

impl fmt::Display for Unhonoured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// The keys a run does not follow, in the order they were met.
#[derive(Debug, Default)]
pub struct Notes {
    unhonoured: Vec<Unhonoured>,
}

impl Notes {
    /// Records that `path` is not followed, and why.
    pub fn unhonoured(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.unhonoured.push(Unhonoured {
            path: path.into(),
            reason: reason.into(),
        });
    }

    /// Every key not followed.
    pub fn all(&self) -> &[Unhonoured] {
        &self.unhonoured
    }
}

/// Reports the keys of mmengine's runner that a run on synthetic data does not follow.
pub fn note_runner_keys(config: &Value, notes: &mut Notes) {
    // Present and not empty (`val_cfg = dict()` asks for nothing).
    let present = |key: &str| {
        config.get(key).is_some_and(|value| match value {
            Value::Null => false,
            Value::Object(map) => !map.is_empty(),
            Value::Array(items) => !items.is_empty(),
            _ => true,
        })
    };
    if present("train_dataloader") {
        notes.unhonoured(
            "train_dataloader",
            "synthetic textures replace its dataset, sampler and pipeline (only batch_size is used)",
        );
    }
    for key in ["val_dataloader", "val_evaluator", "val_cfg"] {
        if present(key) {
            notes.unhonoured(
                key,
                "validation runs on synthetic textures, with loss and accuracy",
            );
        }
    }
    if present("train_cfg") {
        notes.unhonoured(
            "train_cfg",
            "the run's length comes from --steps and --epochs",
        );
    }
    if present("load_from") {
        notes.unhonoured(
            "load_from",
            "training starts from the model's initialisation",
        );
    }
    if config.get("resume").and_then(Value::as_bool) == Some(true) {
        notes.unhonoured("resume", "training starts afresh");
    }
    if config
        .pointer("/auto_scale_lr/enable")
        .and_then(Value::as_bool)
        == Some(true)
    {
        notes.unhonoured(
            "auto_scale_lr",
            "the learning rate is not scaled by the batch size",
        );
    }
    if present("custom_hooks") {
        notes.unhonoured("custom_hooks", "mmengine hooks (EMA, …) are not run");
    }
    if present("default_hooks") {
        notes.unhonoured(
            "default_hooks",
            "burn-train logs every 10 steps and checkpoints after every epoch instead",
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn runner_keys_that_ask_for_something_are_reported() {
        let config = json!({
            "model": {}, "train_cfg": {"max_epochs": 200}, "val_cfg": {}, "load_from": null,
            "resume": false, "auto_scale_lr": {"enable": true, "base_batch_size": 128},
            "custom_hooks": [{"type": "EMAHook"}], "default_scope": "mmpretrain",
        });
        let mut notes = Notes::default();
        note_runner_keys(&config, &mut notes);
        let paths: Vec<_> = notes.all().iter().map(|note| note.path.as_str()).collect();
        assert_eq!(paths, ["train_cfg", "auto_scale_lr", "custom_hooks"]);
    }
}
