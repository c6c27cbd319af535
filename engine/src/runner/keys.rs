//! The config's top-level keys as the runner sees them: those it follows, those it reports once
//! at start (they change nothing it can compute, or it cannot follow them), and `randomness`.

use anyhow::bail;
use serde_json::Value;

use crate::config::Notes;

/// Keys `train` follows (the model and its preprocessor included).
pub const TRAIN_KEYS: &[&str] = &[
    "model",
    "data_preprocessor",
    "train_dataloader",
    "val_dataloader",
    "train_cfg",
    "val_cfg",
    "val_evaluator",
    "optim_wrapper",
    "param_scheduler",
    "default_hooks",
    "custom_hooks",
    "work_dir",
    "load_from",
    "resume",
    "randomness",
];

/// Keys `test` follows.
pub const TEST_KEYS: &[&str] = &[
    "model",
    "data_preprocessor",
    "test_dataloader",
    "test_cfg",
    "test_evaluator",
    "default_hooks",
    "custom_hooks",
    "work_dir",
    "randomness",
];

/// Keys of the other command, or of no command: not reported.
const QUIET: &[&str] = &[
    "train_dataloader",
    "val_dataloader",
    "test_dataloader",
    "train_cfg",
    "val_cfg",
    "test_cfg",
    "val_evaluator",
    "test_evaluator",
    "optim_wrapper",
    "param_scheduler",
    "load_from",
    "resume",
    "_base_",
    "_scope_",
];

/// Why a known mmengine key is not followed.
fn reason(key: &str) -> &'static str {
    match key {
        "env_cfg" => "processes, threads and backends are chosen by the tool (--device/--devices)",
        "visualizer" | "vis_backends" => "no visualiser: scalars go to vis_data/scalars.json",
        "log_level" => "messages go to stderr at one level",
        "log_processor" => "scalars are averaged over the LoggerHook interval",
        "launcher" => "one process (several devices: --devices)",
        "default_scope" => "the registries' own scope is used",
        "auto_scale_lr" => {
            "the learning rate is not scaled by the batch size (as tools/train.py without --auto-scale-lr)"
        }
        _ => "not a runner key (a helper variable of the config?): not used",
    }
}

/// Notes every top-level key that `used` does not contain (and that no other command uses),
/// and `randomness`'s keys other than `seed`.
pub fn report(config: &Value, used: &[&str], notes: &mut Notes) -> anyhow::Result<()> {
    let Value::Object(map) = config else {
        bail!("the config is not a dict");
    };
    for key in map.keys() {
        if !used.contains(&key.as_str()) && !QUIET.contains(&key.as_str()) {
            notes.unhonoured(key.as_str(), reason(key));
        }
    }
    if map
        .get("auto_scale_lr")
        .and_then(|scale| scale.get("enable"))
        .and_then(Value::as_bool)
        == Some(true)
    {
        bail!(
            "auto_scale_lr.enable: scaling the learning rate by the batch size is not supported; set the lr for your batch size and enable=False"
        );
    }
    if let Some(Value::Object(randomness)) = map.get("randomness") {
        for (key, value) in randomness {
            match key.as_str() {
                "seed" => {}
                "deterministic" if value.as_bool() == Some(true) => notes.unhonoured(
                    "randomness.deterministic",
                    "Flex's kernels are deterministic for a given thread count; nothing to switch",
                ),
                _ if value.is_null() || value == &Value::Bool(false) => {}
                _ => notes.unhonoured(format!("randomness.{key}"), "one process: not used"),
            }
        }
    }
    Ok(())
}

/// `randomness.seed`: 0 when absent or `None` (mmengine draws one at random; a run here is
/// reproducible instead), an error naming the key when not a whole number.
pub fn seed(config: &Value) -> anyhow::Result<u64> {
    match config.pointer("/randomness/seed") {
        None | Some(Value::Null) => Ok(0),
        Some(value) => match value.as_u64() {
            Some(seed) => Ok(seed),
            None => bail!("randomness.seed: expected a whole number ≥ 0, got {value}"),
        },
    }
}

/// The dict at `key`, an error naming it when absent or not a dict.
pub fn required<'a>(config: &'a Value, key: &str, what: &str) -> anyhow::Result<&'a Value> {
    match config.get(key) {
        Some(value @ Value::Object(_)) => Ok(value),
        None | Some(Value::Null) => bail!("{key}: missing; {what}"),
        Some(other) => bail!("{key}: expected a dict, got {other}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unknown_and_unfollowed_keys_are_noted() {
        let config = json!({"model": {}, "env_cfg": {}, "test_cfg": {}, "dataset_type": "CIFAR10",
                            "randomness": {"seed": 1, "deterministic": true}});
        let mut notes = Notes::default();
        report(&config, TRAIN_KEYS, &mut notes).unwrap();
        let paths: Vec<&str> = notes.all().iter().map(|note| note.path.as_str()).collect();
        assert_eq!(
            paths,
            ["env_cfg", "dataset_type", "randomness.deterministic"]
        );
        assert_eq!(seed(&config).unwrap(), 1);
        let error = seed(&json!({"randomness": {"seed": -1}}))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("randomness.seed:"), "{error}");
        let scaled = json!({"auto_scale_lr": {"enable": true, "base_batch_size": 256}});
        let error = report(&scaled, TRAIN_KEYS, &mut notes)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("auto_scale_lr.enable:"), "{error}");
    }
}
