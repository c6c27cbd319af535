use burn::tensor::Device;
use registry_core::burn;

use crate::net::Net;

#[test]
fn display_shows_the_module_inside_the_box() {
    let net = Net::build(&Device::flex());
    let shown = net.to_string();
    assert!(shown.contains("backbone: ConvBnBackbone"), "{shown}");
    assert!(shown.contains("conv: Conv2d"), "{shown}");
}
