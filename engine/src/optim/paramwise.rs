//! `paramwise_cfg`, as mmengine's `DefaultOptimWrapperConstructor`: per-parameter learning-rate
//! and weight-decay multipliers. burn-optim gives each parameter group its own optimizer
//! (`ModuleOptimizer::with_group`) and its own learning-rate schedule
//! (`ModuleLrScheduler::with_group`), so a multiplier becomes a group of parameter ids.
//!
//! Parameters are named by their Burn paths (`backbone.layer1.0.conv1.weight`); Burn's norm
//! layers call PyTorch's `weight`/`bias` `gamma`/`beta`, so those are the names `custom_keys`
//! match.

use std::collections::BTreeMap;

use burn::module::{Module, ModuleVisitor, Param, ParamId};
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

/// `paramwise_cfg`'s keys.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamwiseCfg {
    /// Weight-decay multiplier of normalisation layers' parameters.
    #[serde(default)]
    pub norm_decay_mult: Option<f64>,
    /// Weight-decay multiplier of biases (not of norm layers).
    #[serde(default)]
    pub bias_decay_mult: Option<f64>,
    /// Learning-rate multiplier of biases (not of norm layers).
    #[serde(default)]
    pub bias_lr_mult: Option<f64>,
    /// Multipliers of the parameters whose name contains a key; the longest key wins.
    #[serde(default)]
    pub custom_keys: BTreeMap<String, CustomKey>,
}

/// One `custom_keys` entry.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomKey {
    /// Learning-rate multiplier.
    #[serde(default = "one")]
    pub lr_mult: f64,
    /// Weight-decay multiplier.
    #[serde(default = "one")]
    pub decay_mult: f64,
}

fn one() -> f64 {
    1.0
}

/// The multipliers of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamGroupPlan {
    /// The parameter's path.
    pub path: String,
    /// Its id.
    pub id: ParamId,
    /// Learning-rate multiplier.
    pub lr_mult: f64,
    /// Weight-decay multiplier.
    pub decay_mult: f64,
}

impl ParamwiseCfg {
    /// Checks every multiplier is a finite number ≥ 0; errors name the key.
    pub fn check(&self, ctx: &BuildContext) -> Result<(), BuildError> {
        let check = |key: String, value: f64| match value.is_finite() && value >= 0.0 {
            true => Ok(()),
            false => Err(ctx.invalid(key, format!("expected a multiplier ≥ 0, got {value}"))),
        };
        for (key, value) in [
            ("norm_decay_mult", self.norm_decay_mult),
            ("bias_decay_mult", self.bias_decay_mult),
            ("bias_lr_mult", self.bias_lr_mult),
        ] {
            if let Some(value) = value {
                check(key.to_owned(), value)?;
            }
        }
        for (name, custom) in &self.custom_keys {
            check(format!("custom_keys.{name}.lr_mult"), custom.lr_mult)?;
            check(format!("custom_keys.{name}.decay_mult"), custom.decay_mult)?;
        }
        Ok(())
    }

    /// Whether any multiplier is set.
    pub fn is_empty(&self) -> bool {
        self.norm_decay_mult.is_none()
            && self.bias_decay_mult.is_none()
            && self.bias_lr_mult.is_none()
            && self.custom_keys.is_empty()
    }

    /// The multipliers of the parameter at `path` (mmengine's `add_params`): the longest
    /// `custom_keys` key contained in the path (ties: alphabetical), else the norm and bias
    /// multipliers.
    pub fn multipliers(&self, path: &str) -> (f64, f64) {
        let mut keys: Vec<&String> = self.custom_keys.keys().collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        if let Some(key) = keys.into_iter().find(|key| path.contains(key.as_str())) {
            let custom = &self.custom_keys[key];
            return (custom.lr_mult, custom.decay_mult);
        }
        let name = path.rsplit('.').next().unwrap_or(path);
        let is_norm = matches!(name, "gamma" | "beta");
        if is_norm {
            return (1.0, self.norm_decay_mult.unwrap_or(1.0));
        }
        if name == "bias" {
            return (
                self.bias_lr_mult.unwrap_or(1.0),
                self.bias_decay_mult.unwrap_or(1.0),
            );
        }
        (1.0, 1.0)
    }
}

/// Every float parameter of `module` with its multipliers under `cfg`, in visiting order.
pub fn param_groups<M: Module>(module: &M, cfg: &ParamwiseCfg) -> Vec<ParamGroupPlan> {
    let mut visitor = Paths::default();
    module.visit(&mut visitor);
    visitor
        .params
        .into_iter()
        .map(|(path, id)| {
            let (lr_mult, decay_mult) = cfg.multipliers(&path);
            ParamGroupPlan {
                path,
                id,
                lr_mult,
                decay_mult,
            }
        })
        .collect()
}

/// Collects the path and id of every float parameter.
#[derive(Default)]
struct Paths {
    stack: Vec<String>,
    params: Vec<(String, ParamId)>,
}

impl ModuleVisitor for Paths {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.stack.push(name.to_owned());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.stack.pop();
    }

    /// Buffers (BatchNorm's running statistics) are not optimised: skipped.
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let leaf = self.stack.last().map_or("", String::as_str);
        if !registry_core::BUFFER_NAMES.contains(&leaf) {
            self.params.push((self.stack.join("."), param.id));
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig};
    use burn::tensor::Device;
    use serde_json::json;

    use super::*;

    #[derive(Module, Debug)]
    struct Net {
        fc: Linear,
        bn: BatchNorm,
        head: Linear,
    }

    fn cfg(value: serde_json::Value) -> ParamwiseCfg {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn norm_bias_and_custom_keys_as_mmengine() {
        let device = Device::flex();
        let net = Net {
            fc: LinearConfig::new(2, 2).init(&device),
            bn: BatchNormConfig::new(2).init(&device),
            head: LinearConfig::new(2, 2).init(&device),
        };
        let cfg = cfg(
            json!({"norm_decay_mult": 0.0, "bias_decay_mult": 0.5, "bias_lr_mult": 2.0,
                             "custom_keys": {"head": {"lr_mult": 10.0}, "head.bias": {"decay_mult": 3.0}}}),
        );
        let groups = param_groups(&net, &cfg);
        let table: Vec<(&str, f64, f64)> = groups
            .iter()
            .map(|g| (g.path.as_str(), g.lr_mult, g.decay_mult))
            .collect();
        assert_eq!(
            table,
            [
                ("fc.weight", 1.0, 1.0),
                ("fc.bias", 2.0, 0.5),
                ("bn.gamma", 1.0, 0.0),
                ("bn.beta", 1.0, 0.0),
                // The longest key wins, and a custom key replaces the bias rules.
                ("head.weight", 10.0, 1.0),
                ("head.bias", 1.0, 3.0),
            ]
        );
    }

    #[test]
    fn negative_multipliers_name_their_key() {
        let cfg = cfg(json!({"custom_keys": {"head": {"lr_mult": -1.0}}}));
        let ctx = BuildContext::default().at(registry_core::KeyPath::root().key("paramwise_cfg"));
        let error = cfg.check(&ctx).unwrap_err().to_string();
        assert!(
            error.starts_with("paramwise_cfg.custom_keys.head.lr_mult: expected a multiplier"),
            "{error}"
        );
    }
}
