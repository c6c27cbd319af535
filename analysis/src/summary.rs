//! Parameters per module: the module tree of a model as `mmreg build` prints it.

use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::Tensor;

use registry_core::BUFFER_NAMES;

/// One module of a model's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRow {
    /// Its path, `backbone.layer1.0.conv1` (empty for the model itself).
    pub path: String,
    /// Its type, `Conv2d` (or `Vec` for a list of modules).
    pub type_name: String,
    /// How deep it is (0 for the model itself).
    pub depth: usize,
    /// Parameters in it and below, counted as PyTorch counts them (no buffers).
    pub params: usize,
}

/// Every module of `model` (structs and lists), in visiting order, with its parameter count;
/// `type_name` names the model itself.
/// Lazy parameters are counted without being initialised.
///
/// ```
/// use model_analysis::module_summary;
/// use burn::{nn::LinearConfig, tensor::Device};
///
/// let linear = LinearConfig::new(4, 2).init(&Device::flex());
/// let rows = module_summary(&linear, "Linear");
/// assert_eq!(rows[0].params, 10);
/// ```
pub fn module_summary<M: Module>(model: &M, type_name: &str) -> Vec<ModuleRow> {
    let mut visitor = Summary {
        rows: vec![ModuleRow {
            path: String::new(),
            type_name: type_name.to_owned(),
            depth: 0,
            params: 0,
        }],
        open: vec![0],
        path: Vec::new(),
    };
    model.visit(&mut visitor);
    // Rows that never had a child entered are the tensors at the leaves, not modules.
    visitor
        .rows
        .into_iter()
        .filter(|row| !row.type_name.is_empty())
        .collect()
}

struct Summary {
    rows: Vec<ModuleRow>,
    /// The rows of the modules currently entered; parameters count towards all of them.
    open: Vec<usize>,
    path: Vec<String>,
}

impl ModuleVisitor for Summary {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.path.push(name.to_owned());
        // `enter_module` names the container the field belongs to; the field's own type
        // is only known once its children are entered, so rows start untyped.
        if let Some(&parent) = self.open.last() {
            let parent_type = container_type
                .strip_prefix("Struct:")
                .or_else(|| container_type.strip_prefix("Enum:"))
                .unwrap_or(container_type);
            if self.rows[parent].type_name.is_empty() {
                self.rows[parent].type_name = parent_type.to_owned();
            }
        }
        self.rows.push(ModuleRow {
            path: self.path.join("."),
            type_name: String::new(),
            depth: self.path.len(),
            params: 0,
        });
        self.open.push(self.rows.len() - 1);
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
        self.open.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let is_buffer = self
            .path
            .last()
            .is_some_and(|name| BUFFER_NAMES.contains(&name.as_str()));
        if is_buffer {
            return;
        }
        let numel = param.lazy_shape().num_elements();
        for &row in &self.open {
            self.rows[row].params += numel;
        }
    }
}
