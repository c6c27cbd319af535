//! [`Checkpoint`]: a checkpoint file's tensors, and loading them into a model.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use burn::module::Module;
use burn::store::burn_pack::Tensor as PackTensor;
use burn::store::{Applier, ModuleAdapter, PyTorchToBurnAdapter, map_indices_contiguous};

use super::error::CheckpointError;
use super::key_map::KeyMap;
use super::options::LoadOptions;
use super::read::{CheckpointFormat, read_tensors};
use super::report::{LoadReport, MissingKey, ShapeMismatch};
use super::tree::{self, ModuleTree, ParamSlot, param_slots};

/// A checkpoint's tensors keyed as a key map reads them, each with its key in the file.
type Keyed = BTreeMap<String, (String, PackTensor)>;

/// The checkpoint key BatchNorm's step counter has; Burn keeps no such counter.
const IGNORED_SUFFIX: &str = "num_batches_tracked";

/// The tensors of a checkpoint file, by key; their data is read only when loaded.
///
/// Opens PyTorch files (`.pth`, `.pt`: every container `torch.save` writes, read as data by a
/// pickle reader that runs no code), `.safetensors` and Burn's burnpack, whatever their
/// extension. Training checkpoints are unwrapped as mmengine does: the weights under
/// `state_dict` (beside `meta`, `optimizer`, …), without `DataParallel`'s `module.` prefix.
///
/// ```no_run
/// use checkpoints::{Checkpoint, LoadOptions};
/// # fn run(model: &mut burn::nn::Linear) -> Result<(), checkpoints::CheckpointError> {
/// let checkpoint = Checkpoint::open("resnet18-f37072fd.pth")?;
/// let report = checkpoint.load_into(model, &LoadOptions::new())?; // strict
/// println!("{report}");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Checkpoint {
    path: PathBuf,
    format: CheckpointFormat,
    tensors: BTreeMap<String, PackTensor>,
}

impl Checkpoint {
    /// Reads the keys, shapes and types of the checkpoint at `path`. A missing, truncated or
    /// corrupted file is an error naming it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, CheckpointError> {
        let path = path.as_ref();
        let (format, tensors) = read_tensors(path)?;
        Ok(Checkpoint {
            path: path.to_owned(),
            format,
            tensors,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's format.
    pub fn format(&self) -> CheckpointFormat {
        self.format
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.tensors.keys().map(String::as_str)
    }

    /// The shape of the tensor at `key`.
    pub fn shape(&self, key: &str) -> Option<&[usize]> {
        self.tensors.get(key).map(|tensor| tensor.shape.as_slice())
    }

    /// Only the keys under `prefix` (`backbone` or `backbone.`), without it: a part of a whole
    /// model's checkpoint for one of its parts (mmengine's `Pretrained` with `prefix`).
    pub fn select_prefix(self, prefix: &str) -> Result<Self, CheckpointError> {
        let prefix = match prefix.ends_with('.') {
            true => prefix.to_owned(),
            false => format!("{prefix}."),
        };
        let tensors: BTreeMap<String, PackTensor> = self
            .tensors
            .into_iter()
            .filter_map(|(key, mut tensor)| {
                let key = key.strip_prefix(&prefix)?.to_owned();
                tensor.name = key.clone();
                Some((key, tensor))
            })
            .collect();
        if tensors.is_empty() {
            return Err(CheckpointError::Prefix {
                path: self.path,
                prefix,
            });
        }
        Ok(Checkpoint { tensors, ..self })
    }

    /// Loads the checkpoint into `module`: see [`load_tree`](Self::load_tree).
    pub fn load_into<M: Module>(
        &self,
        module: &mut M,
        options: &LoadOptions,
    ) -> Result<LoadReport, CheckpointError> {
        self.load_tree(module, options)
    }

    /// Loads the checkpoint into `tree`, matching each parameter to a key by the best-fitting
    /// key map of `options` (for a burnpack file, the parameter's own path).
    ///
    /// Strict: fails with every missing key, unexpected key and shape mismatch together,
    /// before anything is loaded. Not strict: loads every tensor that fits; the report lists
    /// the rest. BatchNorm's `num_batches_tracked` is skipped silently.
    pub fn load_tree(
        &self,
        tree: &mut dyn ModuleTree,
        options: &LoadOptions,
    ) -> Result<LoadReport, CheckpointError> {
        let slots = param_slots(tree);
        let (map, keyed) = self.choose(&slots, options);
        let mut report = LoadReport {
            key_map: map.name().to_owned(),
            ..Default::default()
        };
        let mut used = HashSet::new();
        let mut matched = Vec::new();
        for slot in &slots {
            let key = map.key(slot);
            let path = slot.path();
            let Some((original, tensor)) = keyed.get(&key) else {
                report.missing.push(MissingKey { key, path });
                continue;
            };
            used.insert(key);
            let expected = self.layout_shape(slot);
            if tensor.shape.as_slice() != expected.as_slice() {
                report.mismatched.push(ShapeMismatch {
                    key: original.clone(),
                    path,
                    checkpoint: tensor.shape.to_vec(),
                    model: expected,
                });
                continue;
            }
            let mut tensor = tensor.clone();
            tensor.name = path.clone();
            matched.push(tensor);
            report.loaded.push(path);
        }
        for (key, (original, _)) in &keyed {
            if used.contains(key) {
                continue;
            }
            match original.ends_with(IGNORED_SUFFIX) {
                true => report.ignored.push(original.clone()),
                false => report.unexpected.push(original.clone()),
            }
        }
        if options.is_strict() && !report.is_exact() {
            return Err(CheckpointError::Incompatible {
                path: self.path.clone(),
                report: Box::new(report),
            });
        }
        self.apply(tree, matched)?;
        Ok(report)
    }

    /// The key map fitting the most parameters, and the checkpoint's tensors keyed as that map
    /// reads them (with their original keys).
    fn choose(&self, slots: &[ParamSlot], options: &LoadOptions) -> (KeyMap, Keyed) {
        if !self.format.is_pytorch_layout() {
            return (KeyMap::new("burn"), self.keyed(false));
        }
        let mut best: Option<(usize, KeyMap, Keyed)> = None;
        for map in options.candidates() {
            let keyed = self.keyed(map.contiguous_indices());
            let score = slots
                .iter()
                .filter(|slot| keyed.contains_key(&map.key(slot)))
                .count();
            if best.as_ref().is_none_or(|(top, ..)| score > *top) {
                best = Some((score, map.clone(), keyed));
            }
        }
        match best {
            Some((_, map, keyed)) => (map, keyed),
            None => (KeyMap::pytorch(), self.keyed(false)),
        }
    }

    /// The tensors by key, renumbered to contiguous list indices if asked, each with its
    /// original key.
    fn keyed(&self, contiguous: bool) -> Keyed {
        let tensors: Vec<PackTensor> = self.tensors.values().cloned().collect();
        if !contiguous {
            return tensors
                .into_iter()
                .map(|tensor| (tensor.name.clone(), (tensor.name.clone(), tensor)))
                .collect();
        }
        let (renamed, renames) = map_indices_contiguous(tensors);
        let originals: BTreeMap<String, String> = renames.into_iter().collect();
        renamed
            .into_iter()
            .map(|tensor| {
                let original = originals
                    .get(&tensor.name)
                    .cloned()
                    .unwrap_or_else(|| tensor.name.clone());
                (tensor.name.clone(), (original, tensor))
            })
            .collect()
    }

    /// A parameter's shape in the checkpoint's layout: PyTorch stores Linear weights
    /// `[out, in]`, Burn `[in, out]`.
    fn layout_shape(&self, slot: &ParamSlot) -> Vec<usize> {
        let transposed = self.format.is_pytorch_layout()
            && slot.layer() == "Struct:Linear"
            && slot.name() == "weight"
            && slot.shape.len() == 2;
        match transposed {
            true => slot.shape.iter().rev().copied().collect(),
            false => slot.shape.clone(),
        }
    }

    /// Writes the matched tensors (named by parameter path) into `tree`.
    fn apply(
        &self,
        tree: &mut dyn ModuleTree,
        tensors: Vec<PackTensor>,
    ) -> Result<(), CheckpointError> {
        let adapter: Option<Box<dyn ModuleAdapter>> = match self.format.is_pytorch_layout() {
            true => Some(Box::new(PyTorchToBurnAdapter)),
            false => None,
        };
        let mut applier = Applier::new(tensors, None, adapter, false);
        tree::map_with(tree, &mut applier);
        let result = applier.into_result();
        if result.errors.is_empty() {
            Ok(())
        } else {
            Err(CheckpointError::Tensors {
                path: self.path.clone(),
                errors: result.errors.iter().map(ToString::to_string).collect(),
            })
        }
    }
}
