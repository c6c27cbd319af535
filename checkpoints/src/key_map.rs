//! [`KeyMap`]: how a model's parameter paths read in a checkpoint written by another
//! framework, as rules per layer type rather than per key.

use super::tree::ParamSlot;

/// Burn's norm layers, whose `gamma`/`beta` PyTorch calls `weight`/`bias`.
const NORM_LAYERS: [&str; 4] = ["BatchNorm", "GroupNorm", "LayerNorm", "InstanceNorm"];

/// One renaming rule: in a module of type `container`, the field `field` (or every field
/// starting with it, with `prefix`) holding a module of type `child` (if given) reads `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    container: Option<String>,
    field: String,
    prefix: bool,
    child: Option<String>,
    to: String,
}

/// The names a model's parameters have in a checkpoint, derived from the model itself: each
/// parameter's path is rewritten segment by segment, by rules keyed on the type of the module
/// holding each field. A rule is written once per layer or block type — "a `Downsample`'s
/// `conv` is PyTorch's `0`" — and applies to every such block of every model.
///
/// ```
/// use checkpoints::KeyMap;
/// use burn::{module::Module, nn::{BatchNorm, BatchNormConfig}};
/// use burn::tensor::Device;
///
/// #[derive(Module, Debug)]
/// struct Block {
///     bn: BatchNorm,
/// }
///
/// let block = Block { bn: BatchNormConfig::new(4).init(&Device::flex()) };
/// let keys = KeyMap::pytorch().rename("Block", "bn", "1").keys(&block);
/// assert_eq!(keys[0], ("bn.gamma".to_string(), "1.weight".to_string()));
/// ```
///
/// Rules see Burn's container types (`Struct:Conv2d`, written here without `Struct:`), so two
/// crates' types of the same name share their rules. An empty target drops the segment
/// ([`flatten`](Self::flatten)), for checkpoints of a model whose parts are not nested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    name: String,
    rules: Vec<Rule>,
    contiguous_indices: bool,
}

impl KeyMap {
    /// An empty key map called `name`: checkpoint keys are the model's paths.
    pub fn new(name: impl Into<String>) -> Self {
        KeyMap {
            name: name.into(),
            rules: Vec::new(),
            contiguous_indices: false,
        }
    }

    /// PyTorch's parameter names for Burn's layers: norm layers' `gamma`/`beta` are
    /// `weight`/`bias`; everything else keeps its name.
    pub fn pytorch() -> Self {
        NORM_LAYERS
            .into_iter()
            .fold(KeyMap::new("pytorch"), |map, norm| {
                map.rename(norm, "gamma", "weight")
                    .rename(norm, "beta", "bias")
            })
    }

    /// The same rules under another name (`torchvision`, `mmpretrain`).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The key map's name, as load reports give it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// In modules of type `container` (`Downsample`), the field `field` reads `to` (`0`).
    pub fn rename(mut self, container: &str, field: &str, to: &str) -> Self {
        self.rules.push(Rule {
            container: Some(struct_type(container)),
            field: field.to_owned(),
            prefix: false,
            child: None,
            to: to.to_owned(),
        });
        self
    }

    /// In any module, a field whose name starts with `prefix` and that holds a module of type
    /// `child` has that prefix replaced by `to`: mmcv names a norm layer by its kind (`bn1`
    /// holding a `GroupNorm` is `gn1`).
    pub fn rename_prefix_for(mut self, prefix: &str, child: &str, to: &str) -> Self {
        self.rules.push(Rule {
            container: None,
            field: prefix.to_owned(),
            prefix: true,
            child: Some(struct_type(child)),
            to: to.to_owned(),
        });
        self
    }

    /// In modules of type `container`, the field `field` adds no segment: `head.fc.weight`
    /// reads `fc.weight` with `flatten("ImageClassifier", "head")`.
    pub fn flatten(self, container: &str, field: &str) -> Self {
        self.rename(container, field, "")
    }

    /// Renumbers list indices in checkpoint keys to run from 0 without gaps before matching
    /// (`downsample.1`, `downsample.2` read as `downsample.0`, `downsample.1`): PyTorch's
    /// `nn.Sequential` numbers parameterless layers too.
    pub fn with_contiguous_indices(mut self) -> Self {
        self.contiguous_indices = true;
        self
    }

    /// Whether checkpoint indices are renumbered before matching.
    pub fn contiguous_indices(&self) -> bool {
        self.contiguous_indices
    }

    /// Adds the rules of `other` after this map's own (this map's rules win).
    pub fn with_rules_of(mut self, other: &KeyMap) -> Self {
        for rule in &other.rules {
            if !self.rules.contains(rule) {
                self.rules.push(rule.clone());
            }
        }
        self.contiguous_indices |= other.contiguous_indices;
        self
    }

    /// The checkpoint key of a parameter.
    pub fn key(&self, slot: &ParamSlot) -> String {
        let steps = &slot.steps;
        let mut names = Vec::with_capacity(steps.len());
        for (index, segment) in steps.iter().enumerate() {
            let child = steps.get(index + 1).map(|next| next.container.as_str());
            let name = self
                .rules
                .iter()
                .find_map(|rule| rule.apply(&segment.container, &segment.name, child))
                .unwrap_or_else(|| segment.name.clone());
            if !name.is_empty() {
                names.push(name);
            }
        }
        names.join(".")
    }

    /// Every parameter of `module` as `(path, checkpoint key)`.
    pub fn keys<M: burn::module::Module>(&self, module: &M) -> Vec<(String, String)> {
        super::tree::param_slots(module)
            .iter()
            .map(|slot| (slot.path(), self.key(slot)))
            .collect()
    }
}

impl Rule {
    /// The new name of `field` of a `container`, holding a `child`, if this rule applies.
    fn apply(&self, container: &str, field: &str, child: Option<&str>) -> Option<String> {
        if self.container.as_deref().is_some_and(|c| c != container) {
            return None;
        }
        if self.child.is_some() && self.child.as_deref() != child {
            return None;
        }
        if self.prefix {
            field
                .strip_prefix(self.field.as_str())
                .map(|rest| format!("{}{rest}", self.to))
        } else {
            (field == self.field).then(|| self.to.clone())
        }
    }
}

/// `Struct:Name` for `Name`; a full container type is kept.
fn struct_type(name: &str) -> String {
    if name.contains(':') {
        name.to_owned()
    } else {
        format!("Struct:{name}")
    }
}
