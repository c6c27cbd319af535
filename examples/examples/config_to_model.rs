//! Read an mmpretrain `.py` config (as data: nothing in it is executed), override a key as
//! `--cfg-options` would, and build its `model` through the registries.
//!
//! ```sh
//! cargo run -p examples --example config_to_model                      # our ResNet-18 CIFAR config
//! cargo run -p examples --example config_to_model -- path/to/config.py
//! ```

use mmconfig::{Config, KeyPath};
use registry_core::burn::tensor::{Device, Tensor};
use registry_core::{MODELS, count_parameters};

registry_core::link!(models);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let default = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../configs/resnet/resnet18_8xb16_cifar10.py"
    );
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default.to_owned());

    // `_base_` files are merged in; `--cfg-options`-style overrides apply on top.
    let mut config = Config::from_file(&path)?;
    config.merge_options(["model.head.num_classes=100"])?;

    let model_key = KeyPath::parse("model").expect("a valid key path");
    let model_config = config.get(&model_key).ok_or("the config has no `model`")?;
    let model = MODELS.build(model_config)?;
    println!("{path}: {} parameters", count_parameters(&model));

    let logits = model.forward(Tensor::zeros([1, 3, 32, 32], &Device::flex()));
    assert_eq!(logits.dims(), [1, 100]);
    println!("logits: {:?}", logits.dims());
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
