//! `CheckpointHook`: which checkpoints a run writes and keeps.

use registry_core::{BuildContext, BuildError, Buildable, KeyPath, register_module};
use serde::Deserialize;

use super::best::{BestKey, GREATER_KEYS, LESS_KEYS, Rule, SaveBest};
use super::{HOOKS, Hook, HookSetup};

/// `CheckpointHook`'s keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct CheckpointArgs {
    /// Save every this many epochs (or iterations with `by_epoch=False`); -1: only the last.
    #[serde(default = "minus_one")]
    pub interval: i64,
    /// Counts epochs (True) or iterations.
    #[serde(default = "yes")]
    pub by_epoch: bool,
    /// Keep only the newest this many (-1: all).
    #[serde(default = "minus_one")]
    pub max_keep_ckpts: i64,
    /// Also save the last one whatever the interval.
    #[serde(default = "yes")]
    pub save_last: bool,
    /// The metric (or list of metrics) whose best checkpoint is kept as
    /// `best_<metric>_epoch_N.bpk` (`/` → `_`); `auto`: the evaluator's first metric.
    #[serde(default)]
    pub save_best: Option<OneOrMany<String>>,
    /// `greater` or `less` (one for all, or one per `save_best` metric); inferred if absent.
    #[serde(default)]
    pub rule: Option<OneOrMany<Rule>>,
    /// Metric keys whose rule is `greater` (default mmengine's: `acc`, `top`, …).
    #[serde(default)]
    pub greater_keys: Option<OneOrMany<String>>,
    /// Metric keys whose rule is `less` (default `loss`).
    #[serde(default)]
    pub less_keys: Option<OneOrMany<String>>,
}

/// A value or a list of them, as mmengine's `Union[str, List[str]]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// One.
    One(T),
    /// A list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(value) => vec![value],
            OneOrMany::Many(values) => values,
        }
    }
}

fn minus_one() -> i64 {
    -1
}
fn yes() -> bool {
    true
}

/// The checkpoints to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointPolicy {
    /// Every this many epochs or iterations (`None`: only the last).
    pub interval: Option<u64>,
    /// Whether `interval` counts epochs.
    pub by_epoch: bool,
    /// How many to keep (`None`: all).
    pub max_keep: Option<usize>,
    /// Save the last one.
    pub save_last: bool,
    /// Keep the best checkpoint of these metrics.
    pub save_best: Option<SaveBest>,
}

/// `dict(type='CheckpointHook', interval=1, max_keep_ckpts=3)`: `epoch_N.bpk`/`iter_N.bpk`
/// (the model) with `.optim.bpk`/`.scheduler.bpk` beside it, and `last_checkpoint`.
#[register_module(HOOKS, name = "CheckpointHook")]
#[derive(Debug)]
pub struct CheckpointHook {
    policy: CheckpointPolicy,
}

impl Buildable for CheckpointHook {
    type Config = CheckpointArgs;
    fn build(args: CheckpointArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let interval = match args.interval {
            -1 => None,
            n if n >= 1 => Some(n as u64),
            n => return Err(ctx.invalid("interval", format!("expected ≥ 1 or -1, got {n}"))),
        };
        let max_keep = match args.max_keep_ckpts {
            n if n < 0 => None,
            0 => return Err(ctx.invalid("max_keep_ckpts", "expected ≥ 1 or -1, got 0")),
            n => Some(n as usize),
        };
        Ok(Self {
            policy: CheckpointPolicy {
                interval,
                by_epoch: args.by_epoch,
                max_keep,
                save_last: args.save_last,
                save_best: save_best(&args, ctx)?,
            },
        })
    }
}

/// `save_best` with `rule`, `greater_keys` and `less_keys`, checked as mmengine does.
fn save_best(args: &CheckpointArgs, ctx: &BuildContext) -> Result<Option<SaveBest>, BuildError> {
    let Some(keys) = args.save_best.clone().map(OneOrMany::into_vec) else {
        return Ok(None);
    };
    if keys.is_empty() {
        return Err(ctx.invalid("save_best", "expected a metric name, got an empty list"));
    }
    if keys.len() > 1 && keys.iter().any(|key| key == "auto") {
        return Err(ctx.invalid("save_best", "`auto` must be the only metric"));
    }
    if let Some(key) = keys
        .iter()
        .enumerate()
        .find_map(|(i, key)| keys[..i].contains(key).then_some(key))
    {
        return Err(ctx.invalid("save_best", format!("`{key}` is given twice")));
    }
    let rules = args.rule.clone().map_or_else(Vec::new, OneOrMany::into_vec);
    let rules: Vec<Option<Rule>> = match rules.len() {
        0 => vec![None; keys.len()],
        1 => vec![Some(rules[0]); keys.len()],
        n if n == keys.len() => rules.into_iter().map(Some).collect(),
        n => {
            return Err(ctx.invalid(
                "rule",
                format!(
                    "expected 1 rule or {} (one per save_best metric), got {n}",
                    keys.len()
                ),
            ));
        }
    };
    let defaults = |keys: &[&str]| keys.iter().map(|key| (*key).to_owned()).collect();
    let best = SaveBest {
        keys: keys
            .into_iter()
            .zip(rules)
            .map(|(key, rule)| BestKey { key, rule })
            .collect(),
        greater_keys: args
            .greater_keys
            .clone()
            .map_or_else(|| defaults(GREATER_KEYS), OneOrMany::into_vec),
        less_keys: args
            .less_keys
            .clone()
            .map_or_else(|| defaults(LESS_KEYS), OneOrMany::into_vec),
    };
    for key in &best.keys {
        if key.key != "auto" && best.rule_of(key, &key.key).is_none() {
            return Err(ctx.invalid(
                "rule",
                format!(
                    "cannot infer the rule for `{}`; give rule='greater' or rule='less'",
                    key.key
                ),
            ));
        }
    }
    Ok(Some(best))
}

impl Hook for CheckpointHook {
    fn apply(&self, setup: &mut HookSetup, _: &KeyPath) {
        setup.checkpoint = Some(self.policy.clone());
    }
}
