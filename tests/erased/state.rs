use burn::module::Module;
use burn::tensor::Device;
use registry_core::burn;

use crate::net::{Net, concrete, images, values};

#[test]
fn train_mode_updates_batchnorm_statistics_and_valid_mode_does_not() {
    let device = Device::flex().autodiff();
    let net = Net::build(&device);
    let initial = values(concrete(&net).norm.running_mean.value_sync());

    let _ = net.valid().forward(images(&device).inner());
    assert_eq!(
        values(concrete(&net).norm.running_mean.value_sync()),
        initial
    );

    let _ = net.forward(images(&device));
    assert_ne!(
        values(concrete(&net).norm.running_mean.value_sync()),
        initial
    );
}

#[test]
fn valid_drops_autodiff_and_train_restores_it() {
    let device = Device::flex().autodiff();
    let net = Net::build(&device);
    assert!(concrete(&net).conv.weight.val().is_require_grad());
    let valid = net.valid();
    assert!(!concrete(&valid).conv.weight.val().is_require_grad());
    let trained = valid.train();
    assert!(concrete(&trained).conv.weight.val().is_require_grad());
}

#[test]
fn fork_and_to_device_move_every_parameter() {
    let net = Net::build(&Device::flex());
    assert_eq!(net.devices(), vec![Device::flex()]);
    let forked = net.clone().fork(&Device::flex().autodiff()).train();
    assert!(concrete(&forked).conv.weight.val().is_require_grad());
    let moved = forked.to_device(&Device::flex());
    assert_eq!(moved.devices(), vec![Device::flex()]);
}

#[test]
fn a_clone_shares_values_but_maps_independently() {
    let net = Net::build(&Device::flex());
    let copy = net.clone();
    assert_eq!(
        values(concrete(&copy).conv.weight.val()),
        values(concrete(&net).conv.weight.val())
    );
    let zeroed = copy.backbone.map(&mut Zero);
    let zeroed = crate::net::downcast(&*zeroed).conv.weight.val();
    assert!(values(zeroed).iter().all(|v| *v == 0.0));
    assert!(
        values(concrete(&net).conv.weight.val())
            .iter()
            .any(|v| *v != 0.0)
    );
}

/// Zeroes every float parameter.
struct Zero;

impl burn::module::ModuleMapper for Zero {
    fn map_float<const D: usize>(
        &mut self,
        param: burn::module::Param<burn::tensor::Tensor<D>>,
    ) -> burn::module::Param<burn::tensor::Tensor<D>> {
        param.map(|tensor| tensor.zeros_like())
    }
}
