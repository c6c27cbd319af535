//! `CheckpointHook(save_best=…, rule=…)`: which validation metrics a best checkpoint follows and
//! how a score beats the best so far, as mmengine's `CheckpointHook._init_rule`.

use serde::Deserialize;

/// How a score beats the best so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Higher is better (`acc`, `top`, `precision`, …).
    Greater,
    /// Lower is better (`loss`).
    Less,
}

impl Rule {
    /// Whether `score` beats `best`; `None` (nothing yet) is mmengine's start, −∞ or +∞.
    ///
    /// ```
    /// use engine::hooks::Rule;
    /// assert!(Rule::Greater.beats(2.0, Some(1.0)));
    /// assert!(!Rule::Less.beats(2.0, Some(1.0)));
    /// assert!(Rule::Less.beats(2.0, None));
    /// ```
    pub fn beats(self, score: f64, best: Option<f64>) -> bool {
        match self {
            Rule::Greater => score > best.unwrap_or(f64::NEG_INFINITY),
            Rule::Less => score < best.unwrap_or(f64::INFINITY),
        }
    }

    /// mmengine's name.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Greater => "greater",
            Rule::Less => "less",
        }
    }
}

/// mmengine's `_default_greater_keys`.
pub const GREATER_KEYS: &[&str] = &[
    "acc",
    "top",
    "AR@",
    "auc",
    "precision",
    "mAP",
    "mDice",
    "mIoU",
    "mAcc",
    "aAcc",
];

/// mmengine's `_default_less_keys`.
pub const LESS_KEYS: &[&str] = &["loss"];

/// The rule of metric `key` when none is given, as mmengine (case-insensitive): a greater key
/// equal to it, a less key equal to it, then a greater key in it, then a less key in it.
///
/// ```
/// use engine::hooks::{Rule, infer_rule};
/// let (greater, less) = (&["acc".to_owned()][..], &["loss".to_owned()][..]);
/// assert_eq!(infer_rule("accuracy/top1", greater, less), Some(Rule::Greater));
/// assert_eq!(infer_rule("val_loss", greater, less), Some(Rule::Less));
/// assert_eq!(infer_rule("single-label/f1-score", greater, less), None);
/// ```
pub fn infer_rule(key: &str, greater: &[String], less: &[String]) -> Option<Rule> {
    let key = key.to_lowercase();
    let lower =
        |keys: &[String]| -> Vec<String> { keys.iter().map(|k| k.to_lowercase()).collect() };
    let (greater, less) = (lower(greater), lower(less));
    if greater.contains(&key) {
        Some(Rule::Greater)
    } else if less.contains(&key) {
        Some(Rule::Less)
    } else if greater.iter().any(|k| key.contains(k.as_str())) {
        Some(Rule::Greater)
    } else if less.iter().any(|k| key.contains(k.as_str())) {
        Some(Rule::Less)
    } else {
        None
    }
}

/// One metric a best checkpoint follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestKey {
    /// The metric (`accuracy/top1`), or `auto`: the first metric of the evaluator.
    pub key: String,
    /// The rule given (`None`: inferred from the key).
    pub rule: Option<Rule>,
}

/// `save_best` with its rules and the key lists rules are inferred from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveBest {
    /// The metrics, in order.
    pub keys: Vec<BestKey>,
    /// Keys whose metrics are better higher (mmengine's `greater_keys`).
    pub greater_keys: Vec<String>,
    /// Keys whose metrics are better lower (mmengine's `less_keys`).
    pub less_keys: Vec<String>,
}

impl SaveBest {
    /// The rule of `key` (given, else inferred); `None` when neither.
    pub fn rule_of(&self, best: &BestKey, key: &str) -> Option<Rule> {
        best.rule
            .or_else(|| infer_rule(key, &self.greater_keys, &self.less_keys))
    }

    /// The metrics followed, with their rules, once the evaluator's metric names are known
    /// (`auto` becomes the first); an error names the metric that is missing or has no rule.
    pub fn resolve(&self, names: &[String]) -> Result<Vec<(String, Rule)>, String> {
        self.keys
            .iter()
            .map(|best| {
                let key = match best.key.as_str() {
                    "auto" => names.first().cloned().ok_or_else(|| {
                        "`auto` takes the evaluator's first metric, but it has none".to_owned()
                    })?,
                    key if names.iter().any(|name| name == key) => key.to_owned(),
                    key => {
                        return Err(format!(
                            "`{key}` is not a metric of the evaluator; it reports {}",
                            names.join(", ")
                        ));
                    }
                };
                let rule = self.rule_of(best, &key).ok_or_else(|| {
                    format!("cannot infer the rule for `{key}`; give rule='greater' or rule='less'")
                })?;
                Ok((key, rule))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save_best(keys: &[&str], rule: Option<Rule>) -> SaveBest {
        SaveBest {
            keys: keys
                .iter()
                .map(|key| BestKey {
                    key: (*key).to_owned(),
                    rule,
                })
                .collect(),
            greater_keys: GREATER_KEYS.iter().map(|k| (*k).to_owned()).collect(),
            less_keys: LESS_KEYS.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    #[test]
    fn auto_is_the_first_metric_and_rules_are_inferred_as_mmengine() {
        let names = ["accuracy/top1".to_owned(), "accuracy/top5".to_owned()];
        assert_eq!(
            save_best(&["auto"], None).resolve(&names),
            Ok(vec![("accuracy/top1".to_owned(), Rule::Greater)])
        );
        assert_eq!(
            save_best(&["accuracy/top5"], Some(Rule::Less)).resolve(&names),
            Ok(vec![("accuracy/top5".to_owned(), Rule::Less)])
        );
        // mmengine matches keys case-insensitively: `AR@` in `ar@100`.
        assert_eq!(
            infer_rule("ar@100", &save_best(&[], None).greater_keys, &[]),
            Some(Rule::Greater)
        );
    }

    #[test]
    fn a_missing_metric_or_an_unknown_rule_is_an_error() {
        let names = ["single-label/f1-score".to_owned()];
        let error = save_best(&["accuracy/top1"], None)
            .resolve(&names)
            .unwrap_err();
        assert!(error.contains("reports single-label/f1-score"), "{error}");
        let error = save_best(&["auto"], None).resolve(&names).unwrap_err();
        assert!(error.contains("cannot infer the rule"), "{error}");
        assert!(save_best(&["auto"], None).resolve(&[]).is_err());
    }

    #[test]
    fn nan_never_beats() {
        assert!(!Rule::Greater.beats(f64::NAN, None));
        assert!(!Rule::Less.beats(f64::NAN, Some(1.0)));
        assert!(Rule::Greater.beats(-1e300, None));
    }
}
