//! Helpers shared by the model tests.

use registry_core::burn::module::{Module, ModuleVisitor, Param};
use registry_core::burn::tensor::{Device, Distribution, Int, Tensor};
use registry_core::{BACKBONES, Backbone, MODELS, Model};
use serde_json::{Value, json};

/// An mmpretrain-style classifier config: `backbone`, global average pooling, and a
/// `LinearClsHead` of `classes` classes over `in_channels` channels.
pub fn classifier(backbone: Value, in_channels: usize, classes: usize) -> Value {
    json!({
        "type": "ImageClassifier",
        "backbone": backbone,
        "neck": {"type": "GlobalAveragePooling"},
        "head": {
            "type": "LinearClsHead",
            "num_classes": classes,
            "in_channels": in_channels,
            "loss": {"type": "CrossEntropyLoss", "loss_weight": 1.0},
            "topk": [1, 5],
        },
    })
}

/// Builds a model config on `device`, panicking with the error.
pub fn model(config: &Value, device: &Device) -> Box<dyn Model> {
    let mut ctx = registry_core::BuildContext::new(device.clone());
    MODELS
        .build_in(config, &mut ctx)
        .unwrap_or_else(|error| panic!("{config} did not build: {error}"))
}

/// Builds a backbone config on the Flex device, panicking with the error.
pub fn backbone(config: Value) -> Box<dyn Backbone> {
    BACKBONES
        .build(&config)
        .unwrap_or_else(|error| panic!("{config} did not build: {error}"))
}

/// The error message of a model config that must not build.
pub fn model_error(config: &Value) -> String {
    match MODELS.build(config) {
        Ok(_) => panic!("{config} built, but should not"),
        Err(error) => error.to_string(),
    }
}

/// The error message of a backbone config that must not build.
pub fn backbone_error(config: Value) -> String {
    match BACKBONES.build(&config) {
        Ok(_) => panic!("{config} built, but should not"),
        Err(error) => error.to_string(),
    }
}

/// Random normal images `[n, 3, size, size]`.
pub fn images(n: usize, size: usize, device: &Device) -> Tensor<4> {
    Tensor::random([n, 3, size, size], Distribution::Normal(0.0, 1.0), device)
}

/// Labels `[n]`.
pub fn labels(values: &[i64], device: &Device) -> Tensor<1, Int> {
    Tensor::from_ints(values, device)
}

/// The values of a float tensor.
pub fn values<const D: usize>(tensor: Tensor<D>) -> Vec<f32> {
    tensor
        .into_data()
        .convert::<f32>()
        .try_to_vec::<f32>()
        .expect("float tensor")
}

/// Every float parameter (and buffer) of a module: its dotted path, values and gradient
/// setting.
#[derive(Default)]
pub struct Params {
    path: Vec<String>,
    pub entries: Vec<(String, Vec<f32>, bool)>,
    pub initialized: usize,
    pub total: usize,
    collect_values: bool,
}

impl ModuleVisitor for Params {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_owned());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let is_buffer = self
            .path
            .last()
            .is_some_and(|name| registry_core::BUFFER_NAMES.contains(&name.as_str()));
        if !is_buffer {
            self.total += 1;
            if param.is_initialized() {
                self.initialized += 1;
            }
        }
        // Reading values (or the gradient setting) initialises a lazy parameter: only snapshots do.
        let (values, require_grad) = if self.collect_values {
            (values(param.val()), param.is_require_grad())
        } else {
            (Vec::new(), false)
        };
        self.entries
            .push((self.path.join("."), values, require_grad));
    }
}

/// The paths of every float parameter and buffer of `module`, without initialising any.
pub fn paths<M: Module>(module: &M) -> Vec<String> {
    let mut params = Params::default();
    module.visit(&mut params);
    params.entries.into_iter().map(|(path, ..)| path).collect()
}

/// How many of `module`'s float parameters are initialised, of how many; buffers (BatchNorm's
/// running statistics, which Burn creates eagerly) are not counted.
pub fn initialized<M: Module>(module: &M) -> (usize, usize) {
    let mut params = Params::default();
    module.visit(&mut params);
    (params.initialized, params.total)
}

/// Every float parameter and buffer of `module` with its values and gradient setting. Values
/// are read from `module.valid()`, which first folds the latest BatchNorm statistics in (Burn
/// keeps a thread's last update pending until then).
pub fn snapshot<M: Module>(module: &M) -> Vec<(String, Vec<f32>, bool)> {
    let visit = |module: &M| {
        let mut params = Params {
            collect_values: true,
            ..Default::default()
        };
        module.visit(&mut params);
        params.entries
    };
    let settings = visit(module);
    let synced = visit(&module.valid());
    settings
        .into_iter()
        .zip(synced)
        .map(|((path, _, require_grad), (_, values, _))| (path, values, require_grad))
        .collect()
}

/// The values of the parameter at `path` in a snapshot.
pub fn at<'a>(snapshot: &'a [(String, Vec<f32>, bool)], path: &str) -> &'a [f32] {
    snapshot
        .iter()
        .find(|(p, ..)| p == path)
        .map(|(_, values, _)| values.as_slice())
        .unwrap_or_else(|| panic!("no parameter {path}"))
}
