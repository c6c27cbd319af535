use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor};
use registry_core::burn;
use registry_core::count_parameters;

use crate::net::{Net, concrete};

/// Records the path of every float parameter.
#[derive(Default)]
struct Paths {
    stack: Vec<String>,
    seen: Vec<(String, Vec<usize>)>,
}

impl ModuleVisitor for Paths {
    fn enter_module(&mut self, name: &str, _: &str) {
        self.stack.push(name.to_owned());
    }
    fn exit_module(&mut self, _: &str, _: &str) {
        self.stack.pop();
    }
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.seen
            .push((self.stack.join("."), param.lazy_shape().as_slice().to_vec()));
    }
}

#[test]
fn visitors_see_every_parameter_with_its_path_and_no_wrapper_segment() {
    let net = Net::build(&Device::flex());
    let mut paths = Paths::default();
    net.visit(&mut paths);
    let expected = [
        ("backbone.conv.weight", vec![4, 3, 3, 3]),
        ("backbone.conv.bias", vec![4]),
        ("backbone.norm.gamma", vec![4]),
        ("backbone.norm.beta", vec![4]),
        ("backbone.norm.running_mean", vec![4]),
        ("backbone.norm.running_var", vec![4]),
        ("second.conv.weight", vec![4, 3, 3, 3]),
        ("second.conv.bias", vec![4]),
        ("second.norm.gamma", vec![4]),
        ("second.norm.beta", vec![4]),
        ("second.norm.running_mean", vec![4]),
        ("second.norm.running_var", vec![4]),
    ];
    let expected: Vec<(String, Vec<usize>)> = expected
        .into_iter()
        .map(|(path, shape)| (path.to_owned(), shape))
        .collect();
    assert_eq!(paths.seen, expected);
}

#[test]
fn parameter_counts_go_through_the_box() {
    let net = Net::build(&Device::flex());
    assert_eq!(net.num_params(), 2 * concrete(&net).num_params());
    assert_eq!(net.num_params(), 2 * (4 * 27 + 4 + 4 * 4));
    assert_eq!(count_parameters(&net), 2 * (4 * 27 + 4 + 4 + 4));
}
