use burn::module::Module;
use burn::optim::{GradientsParams, SgdConfig};
use burn::tensor::Device;
use registry_core::burn;

use crate::net::{Net, concrete, downcast, images, values};

/// One SGD step on the mean of the features; returns the stepped net.
fn sgd_step(net: Net, device: &Device) -> Net {
    let mut optimizer = SgdConfig::new().init();
    let loss = net.forward(images(device));
    let grads = GradientsParams::from_grads(loss.backward(), &net);
    optimizer.step(0.1, net, grads)
}

#[test]
fn optimizers_update_parameters_behind_the_box() {
    let device = Device::flex().autodiff();
    let net = Net::build(&device);
    let before = values(concrete(&net).conv.weight.val());
    let net = sgd_step(net, &device);
    let after = values(concrete(&net).conv.weight.val());
    assert_eq!(before.len(), after.len());
    let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert!(changed > 0, "SGD left every weight unchanged");
}

#[test]
fn a_frozen_erased_part_is_left_alone_by_the_optimizer() {
    let device = Device::flex().autodiff();
    let net = Net::build(&device);
    let net = Net {
        backbone: net.backbone.freeze(),
        second: net.second,
    };
    let frozen = values(concrete(&net).conv.weight.val());
    let trained = values(downcast(&*net.second).conv.weight.val());
    let net = sgd_step(net.train(), &device);
    assert_eq!(values(concrete(&net).conv.weight.val()), frozen);
    assert_ne!(values(downcast(&*net.second).conv.weight.val()), trained);
}
