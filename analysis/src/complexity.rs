//! FLOPs of a forward pass, counted as mmengine's `get_model_complexity_info` counts them.
//!
//! The forward pass runs on Burn's capture device, which records every operation with its
//! shapes instead of computing it: no weight is allocated, so even large models are counted in
//! milliseconds. Operations are counted with mmengine's (fvcore's) rules, in
//! multiply-accumulates as mmpretrain's model zoo reports FLOPs:
//!
//! | operation | FLOPs |
//! |---|---|
//! | convolution | output elements × input channels per group × kernel area |
//! | linear, matmul | output elements × inner dimension |
//! | batch norm (inference) | 2 × input elements |
//! | adaptive average pooling | input elements |
//!
//! Element-wise operations (activations, additions), max pooling and reshapes count nothing,
//! as in mmengine.

use std::collections::HashMap;

use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor};
use burn_capture::CaptureBackend;
use burn_ir::{FloatOperationIr, ModuleOperationIr, OperationIr, TensorId};

use registry_core::count_parameters;

/// What [`complexity`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Complexity {
    /// Parameters, as PyTorch counts them (no buffers).
    pub params: usize,
    /// FLOPs (multiply-accumulates) of the whole forward pass.
    pub flops: u64,
    /// Every counted operation, in execution order.
    pub layers: Vec<LayerComplexity>,
}

/// One counted operation.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerComplexity {
    /// The module the operation belongs to (`backbone.layer1.0.conv1`), found through its
    /// weights; empty for an operation without weights.
    pub module: String,
    /// The operation (`conv2d`, `linear`, `matmul`, `batch_norm`, `adaptive_avg_pool2d`).
    pub operation: &'static str,
    /// Its output shape.
    pub output_shape: Vec<usize>,
    /// Its FLOPs.
    pub flops: u64,
}

/// Why counting failed.
#[derive(Debug, thiserror::Error)]
pub enum ComplexityError {
    /// The capture device refused the capture.
    #[error("could not record the forward pass: {0}")]
    Capture(String),
}

/// Counts the parameters of `model` and the FLOPs of `forward` on one input of shape
/// `input_shape` (`[1, 3, 224, 224]`), with the model in inference mode.
///
/// ```
/// use model_analysis::complexity;
/// use burn::{nn::LinearConfig, tensor::Device};
///
/// let linear = LinearConfig::new(512, 10).init(&Device::flex());
/// let counted = complexity(&linear, [2, 512], |linear, x| linear.forward(x)).unwrap();
/// assert_eq!(counted.flops, 2 * 512 * 10);
/// assert_eq!(counted.params, 512 * 10 + 10);
/// assert_eq!(counted.layers[0].module, "");
/// ```
pub fn complexity<M, const D: usize, const O: usize>(
    model: &M,
    input_shape: [usize; D],
    forward: impl FnOnce(&M, Tensor<D>) -> Tensor<O>,
) -> Result<Complexity, ComplexityError>
where
    M: Module,
{
    let device = Device::capture();
    let mut owners = HashMap::new();
    let graph = device
        .capture_scope(|scope| {
            let captured = model.valid().to_device(&device);
            owners = weight_owners(&captured);
            let input = Tensor::zeros(input_shape, &device);
            drop(forward(&captured, input));
            scope.complete([], [])
        })
        .map_err(|error| ComplexityError::Capture(format!("{error:?}")))?;
    let layers: Vec<LayerComplexity> = graph
        .graph
        .operations
        .iter()
        .filter_map(|operation| count(operation, &owners))
        .collect();
    Ok(Complexity {
        params: count_parameters(model),
        flops: layers.iter().map(|layer| layer.flops).sum(),
        layers,
    })
}

/// The FLOPs of one recorded operation, if mmengine counts it.
fn count(operation: &OperationIr, owners: &HashMap<TensorId, String>) -> Option<LayerComplexity> {
    let owner = |id: &TensorId| owners.get(id).cloned().unwrap_or_default();
    let (module, operation, output, flops) = match operation {
        OperationIr::Module(ModuleOperationIr::Conv2d(conv)) => {
            let weight = conv.weight.shape.as_slice();
            let per_output: usize = weight[1..].iter().product();
            let out = conv.out.shape.as_slice().to_vec();
            let flops = numel(&out) * per_output as u64;
            (owner(&conv.weight.id), "conv2d", out, flops)
        }
        OperationIr::Module(ModuleOperationIr::Linear(linear)) => {
            let inner = linear.x.shape.as_slice().last().copied().unwrap_or(0);
            let out = linear.out.shape.as_slice().to_vec();
            let flops = numel(&out) * inner as u64;
            (owner(&linear.weight.id), "linear", out, flops)
        }
        OperationIr::Float(_, FloatOperationIr::Matmul(matmul)) => {
            let inner = matmul.lhs.shape.as_slice().last().copied().unwrap_or(0);
            let out = matmul.out.shape.as_slice().to_vec();
            let flops = numel(&out) * inner as u64;
            (owner(&matmul.rhs.id), "matmul", out, flops)
        }
        OperationIr::Module(ModuleOperationIr::BatchNorm(norm)) => {
            let out = norm.out.shape.as_slice().to_vec();
            let flops = 2 * numel(norm.x.shape.as_slice());
            (owner(&norm.gamma.id), "batch_norm", out, flops)
        }
        OperationIr::Module(ModuleOperationIr::AdaptiveAvgPool2d(pool)) => {
            let out = pool.out.shape.as_slice().to_vec();
            let flops = numel(pool.x.shape.as_slice());
            (String::new(), "adaptive_avg_pool2d", out, flops)
        }
        _ => return None,
    };
    Some(LayerComplexity {
        module,
        operation,
        output_shape: output,
        flops,
    })
}

fn numel(shape: &[usize]) -> u64 {
    shape.iter().map(|&dim| dim as u64).product()
}

/// Which module owns each parameter tensor of a model living on the capture device.
fn weight_owners<M: Module>(model: &M) -> HashMap<TensorId, String> {
    let mut visitor = Owners {
        path: Vec::new(),
        owners: HashMap::new(),
    };
    model.visit(&mut visitor);
    visitor.owners
}

struct Owners {
    path: Vec<String>,
    owners: HashMap<TensorId, String>,
}

impl ModuleVisitor for Owners {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_owned());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Ok(primitive) = param.val().try_into_primitive::<CaptureBackend>() {
            let module = self.path[..self.path.len().saturating_sub(1)].join(".");
            self.owners.insert(primitive.id(), module);
        }
    }
}
