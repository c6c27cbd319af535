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
    let save_best = SaveBest {
        keys: vec![BestKey {
            key: "auto".into(),
            rule: None,
        }],
        greater_keys: GREATER_KEYS.iter().map(|key| (*key).to_owned()).collect(),
        less_keys: LESS_KEYS.iter().map(|key| (*key).to_owned()).collect(),
    };
    assert_eq!(
        setup.checkpoint,
        Some(CheckpointPolicy {
            interval: Some(2),
            by_epoch: true,
            max_keep: Some(3),
            save_last: true,
            save_best: Some(save_best),
        })
    );
    assert!(setup.notes.is_empty(), "{:?}", setup.notes);
}

#[test]
fn save_best_takes_mmengines_forms_and_refuses_what_mmengine_refuses() {
    let checkpoint = |hook: serde_json::Value| {
        build_hooks(Some(&json!({ "checkpoint": hook })), None).map(|setup| {
            setup
                .checkpoint
                .and_then(|policy| policy.save_best)
                .map(|best| best.keys)
        })
    };
    let keys = checkpoint(
        json!({"type": "CheckpointHook", "save_best": ["loss", "accuracy/top1"],
                                 "rule": ["less", "greater"]}),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        keys,
        [
            BestKey {
                key: "loss".into(),
                rule: Some(Rule::Less)
            },
            BestKey {
                key: "accuracy/top1".into(),
                rule: Some(Rule::Greater)
            }
        ]
    );
    for (hook, expected) in [
        (
            json!({"save_best": ["auto", "loss"]}),
            "save_best: `auto` must be the only metric",
        ),
        (
            json!({"save_best": ["loss", "loss"]}),
            "save_best: `loss` is given twice",
        ),
        (
            json!({"save_best": []}),
            "save_best: expected a metric name",
        ),
        (
            json!({"save_best": ["a", "b", "c"], "rule": ["less", "less"]}),
            "rule: expected 1 rule or 3",
        ),
        (
            json!({"save_best": "f1-score"}),
            "rule: cannot infer the rule for `f1-score`",
        ),
        (
            json!({"save_best": "acc", "rule": "most"}),
            "default_hooks.checkpoint.rule",
        ),
    ] {
        let mut hook = hook;
        hook["type"] = json!("CheckpointHook");
        let error = checkpoint(hook.clone()).unwrap_err().to_string();
        assert!(error.contains(expected), "{hook}: {error}");
    }
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
