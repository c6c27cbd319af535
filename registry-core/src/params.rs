//! Counting parameters as PyTorch does.

use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::Tensor;

/// Fields that Burn visits like parameters but PyTorch keeps as buffers: BatchNorm's running
/// statistics (`RunningState`). They are state, not parameters, and are not counted.
pub const BUFFER_NAMES: [&str; 2] = ["running_mean", "running_var"];

/// The number of parameter elements, as PyTorch's `sum(p.numel() for p in m.parameters())`
/// and mmengine's complexity tools count them: every float parameter, frozen or not, but not
/// buffers such as BatchNorm's running statistics (which [`Module::num_params`] includes).
/// Lazy parameters are counted without being initialised.
///
/// ```
/// use burn::nn::BatchNormConfig;
/// use registry_core::count_parameters;
/// use registry_core::burn::{self, module::Module};
///
/// let bn = BatchNormConfig::new(64).init(&burn::tensor::Device::flex());
/// assert_eq!(count_parameters(&bn), 128); // gamma and beta
/// assert_eq!(bn.num_params(), 256); // Burn also counts the running mean and variance
/// ```
pub fn count_parameters<M: Module>(module: &M) -> usize {
    let mut counter = ParameterCounter::default();
    module.visit(&mut counter);
    counter.count
}

/// Sums parameter sizes, skipping buffers by the name of the field holding them.
#[derive(Default)]
struct ParameterCounter {
    path: Vec<String>,
    count: usize,
}

impl ModuleVisitor for ParameterCounter {
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
            .is_some_and(|name| BUFFER_NAMES.contains(&name.as_str()));
        if !is_buffer {
            self.count += param.lazy_shape().num_elements();
        }
    }
}
