//! Hooks from configs.

use serde_json::json;

use super::*;

#[test]
fn default_hooks_set_checkpoints_and_logging() {
    let setup = build_hooks(
        Some(&json!({
            "timer": {"type": "IterTimerHook"},
            "logger": {"type": "LoggerHook", "interval": 5},
            "param_scheduler": {"type": "ParamSchedulerHook"},
            "checkpoint": {"type": "CheckpointHook", "interval": 2, "max_keep_ckpts": 3, "save_best": "auto"},
            "sampler_seed": {"type": "DistSamplerSeedHook"},
            "visualization": {"type": "VisualizationHook", "enable": false},
        })),
        Some(&json!([])),
    )
    .unwrap();
    assert_eq!(setup.log_interval, 5);
    assert_eq!(
        setup.checkpoint,
        Some(CheckpointPolicy {
            interval: Some(2),
            by_epoch: true,
            max_keep: Some(3),
            save_last: true
        })
    );
    let notes: Vec<&str> = setup.notes.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(notes, ["default_hooks.checkpoint.save_best"]);
}

#[test]
fn an_unknown_custom_hook_names_its_key() {
    let error = build_hooks(None, Some(&json!([{"type": "EMAHook"}])))
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("custom_hooks[0].type"), "{error}");
    let error = build_hooks(
        Some(&json!({"logger": {"type": "LoggerHook", "interval": 0}})),
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.starts_with("default_hooks.logger.interval: expected at least 1"),
        "{error}"
    );
}
