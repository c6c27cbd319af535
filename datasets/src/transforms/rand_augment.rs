//! `RandAugment` (mmpretrain): `num_policies` operations drawn from a policy list and applied
//! in turn, their magnitudes set by one level.

use rand::RngExt;
use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::augment::MagnitudeStd;
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

/// `policies`: a preset's name, or a list of transform configs.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Policies {
    /// `'timm_increasing'` (timm's `_RAND_INCREASING_TRANSFORMS`) or `'simple_increasing'`.
    Preset(String),
    /// Transform configs (`type`, optional `magnitude_range`, their other arguments).
    List(Vec<Value>),
}

/// The config of `RandAugment`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RandAugmentConfig {
    /// A preset name or a list of policy dicts.
    pub policies: Policies,
    /// How many policies are drawn (with replacement) per image, 1 to 1024.
    pub num_policies: i64,
    /// The magnitude level of every policy with a `magnitude_range`.
    pub magnitude_level: f64,
    /// Noise on the level: a standard deviation (0 or less: none) or `'inf'` (uniform).
    #[serde(default)]
    pub magnitude_std: MagnitudeStd,
    /// The level at which a policy's magnitude reaches the end of its range.
    #[serde(default = "ten")]
    pub total_level: f64,
    /// Arguments given to every policy that takes them and does not set them
    /// (mmpretrain's `merge_hparams`), e.g. `pad_val`, `interpolation`.
    #[serde(default = "pad_128")]
    pub hparams: Map<String, Value>,
}

fn ten() -> f64 {
    10.0
}
fn pad_128() -> Map<String, Value> {
    Map::from_iter([("pad_val".to_owned(), json!(128))])
}

/// The most policies drawn per image: more is surely a mistake, and would stall the loader.
const MAX_POLICIES: i64 = 1024;

/// The arguments mmpretrain's operations take through `**kwargs`: `merge_hparams` never
/// fills them (they are not in the operation's own signature).
const KWARGS: [&str; 4] = [
    "magnitude_level",
    "magnitude_range",
    "magnitude_std",
    "total_level",
];

/// mmpretrain's `RANDAUG_POLICIES`.
fn preset(name: &str) -> Option<Value> {
    let range = |t: &str, a: f64, b: f64| json!({"type": t, "magnitude_range": [a, b]});
    let directed =
        |t: &str, b: f64, d: &str| json!({"type": t, "magnitude_range": [0.0, b], "direction": d});
    let simple = [
        json!({"type": "AutoContrast"}),
        json!({"type": "Equalize"}),
        range("Rotate", 0.0, 30.0),
        directed("Shear", 0.3, "horizontal"),
        directed("Shear", 0.3, "vertical"),
    ];
    match name {
        "simple_increasing" => Some(Value::from(simple.to_vec())),
        "timm_increasing" => Some(json!([
            {"type": "AutoContrast"},
            {"type": "Equalize"},
            {"type": "Invert"},
            range("Rotate", 0.0, 30.0),
            range("Posterize", 4.0, 0.0),
            range("Solarize", 256.0, 0.0),
            range("SolarizeAdd", 0.0, 110.0),
            range("ColorTransform", 0.0, 0.9),
            range("Contrast", 0.0, 0.9),
            range("Brightness", 0.0, 0.9),
            range("Sharpness", 0.0, 0.9),
            directed("Shear", 0.3, "horizontal"),
            directed("Shear", 0.3, "vertical"),
            directed("Translate", 0.45, "horizontal"),
            directed("Translate", 0.45, "vertical"),
        ])),
        _ => None,
    }
}

/// Applies `num_policies` transforms drawn uniformly (with replacement) from `policies`; those
/// with a `magnitude_range` get `magnitude_level`, `magnitude_std` and `total_level`, and every
/// policy the `hparams` it takes and does not set.
///
/// ```
/// use datasets::TRANSFORMS;
/// use serde_json::json;
///
/// let rsb = json!({"type": "RandAugment", "policies": "timm_increasing", "num_policies": 2,
///                  "magnitude_level": 7, "magnitude_std": 0.5,
///                  "hparams": {"pad_val": [104, 116, 124], "interpolation": "bicubic"}});
/// assert!(TRANSFORMS.build(&rsb).is_ok());
/// let error = TRANSFORMS.build(&json!({"type": "RandAugment", "policies": "timm",
///                                       "num_policies": 2, "magnitude_level": 7})).unwrap_err();
/// assert!(error.to_string().starts_with("policies: unknown preset 'timm'"));
/// ```
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct RandAugment {
    policies: Vec<Value>,
    transforms: Vec<Box<dyn Transform>>,
    num_policies: usize,
}

impl Buildable for RandAugment {
    type Config = RandAugmentConfig;

    fn build(config: RandAugmentConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let list = policy_list(config.policies, ctx)?;
        let num_policies = check_num_policies(config.num_policies, ctx)?;
        let level = config.magnitude_level;
        if !(level.is_finite() && level >= 0.0) {
            return Err(ctx.invalid("magnitude_level", format!("expected ≥ 0, got {level}")));
        }
        let total = config.total_level;
        if !(total.is_finite() && total > 0.0) {
            return Err(ctx.invalid("total_level", format!("expected > 0, got {total}")));
        }
        config.magnitude_std.noise("magnitude_std", ctx)?;
        let randaug = Map::from_iter([
            ("magnitude_level".to_owned(), json!(level)),
            ("total_level".to_owned(), json!(total)),
            ("magnitude_std".to_owned(), config.magnitude_std.to_value()),
        ]);
        let mut policies = Vec::with_capacity(list.len());
        let mut transforms = Vec::with_capacity(list.len());
        for (i, policy) in list.iter().enumerate() {
            let policy = ctx.nested("policies", |ctx| {
                ctx.nested(i, |ctx| merge(policy, &config.hparams, &randaug, ctx))
            })?;
            let transform = ctx.nested("policies", |ctx| ctx.build(&TRANSFORMS, i, &policy))?;
            policies.push(policy);
            transforms.push(transform);
        }
        Ok(RandAugment {
            policies,
            transforms,
            num_policies,
        })
    }
}

/// The policies of a preset or a list, at least one.
fn policy_list(policies: Policies, ctx: &BuildContext) -> Result<Vec<Value>, BuildError> {
    let list = match policies {
        Policies::Preset(name) => match preset(&name) {
            Some(Value::Array(list)) => list,
            _ => {
                return Err(ctx.invalid(
                    "policies",
                    format!("unknown preset '{name}'; expected 'timm_increasing' or 'simple_increasing', or a list of policy dicts"),
                ));
            }
        },
        Policies::List(list) => list,
    };
    if list.is_empty() {
        return Err(ctx.invalid("policies", "expected at least one policy"));
    }
    Ok(list)
}

fn check_num_policies(n: i64, ctx: &BuildContext) -> Result<usize, BuildError> {
    match usize::try_from(n) {
        Ok(n) if (1..=MAX_POLICIES as usize).contains(&n) => Ok(n),
        _ => Err(ctx.invalid(
            "num_policies",
            format!("expected 1 to {MAX_POLICIES}, got {n}"),
        )),
    }
}

/// One policy as mmpretrain's `RandAugment` builds it: `hparams` merged (`merge_hparams`),
/// `magnitude_key` dropped, and the level arguments set when it has a `magnitude_range`.
///
/// `ctx` is at the policy.
fn merge(
    policy: &Value,
    hparams: &Map<String, Value>,
    randaug: &Map<String, Value>,
    ctx: &BuildContext,
) -> Result<Value, BuildError> {
    let Some(mut policy) = policy
        .as_object()
        .filter(|p| p.get("type").is_some_and(Value::is_string))
        .cloned()
    else {
        return Err(ctx.invalid_here(format!(
            "each policy must be a dict with a string `type`, got {policy}"
        )));
    };
    let accepted = accepted_keys(policy.get("type").and_then(Value::as_str).unwrap_or(""));
    for (key, value) in hparams {
        if accepted.contains(key) && !policy.contains_key(key) {
            policy.insert(key.clone(), value.clone());
        }
    }
    policy.remove("magnitude_key");
    if policy.contains_key("magnitude_range") {
        policy.extend(randaug.clone());
    }
    Ok(Value::Object(policy))
}

/// The arguments of the transform `type_name` that `merge_hparams` may fill: its config's keys
/// but the `**kwargs` ones (none for an unknown type: building it reports it).
fn accepted_keys(type_name: &str) -> Vec<String> {
    let schema = TRANSFORMS.schema(type_name);
    let properties = schema
        .as_ref()
        .and_then(|s| s.as_object())
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    properties
        .into_iter()
        .flat_map(|p| p.keys())
        .filter(|key| !KWARGS.contains(&key.as_str()))
        .cloned()
        .collect()
}

impl RandAugment {
    /// The policies as built (mmpretrain's `self.policies`): hparams merged, levels set.
    pub fn policies(&self) -> &[Value] {
        &self.policies
    }
}

impl Transform for RandAugment {
    fn name(&self) -> &'static str {
        "RandAugment"
    }

    fn transform(&self, mut sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        let chosen: Vec<usize> = (0..self.num_policies)
            .map(|_| rng.random_range(0..self.transforms.len()))
            .collect();
        for i in chosen {
            let step = &self.transforms[i];
            sample = step
                .transform(sample, rng)
                .map_err(|message| format!("policy {i} ({}): {message}", step.name()))?;
        }
        Ok(sample)
    }
}
