//! A classifier built from a config trains: on the autodiff Flex device, with Burn's optimizer,
//! on a small synthetic task, the loss falls by far.

use registry_core::Targets;
use registry_core::burn::module::Module;
use registry_core::burn::optim::{AdamConfig, GradientsParams};
use registry_core::burn::tensor::{Device, Int, Tensor, TensorData};
use serde_json::json;

use crate::common::{classifier, model, values};

const CLASSES: usize = 4;
const SIZE: usize = 16;

/// `n` images of `SIZE`×`SIZE` whose class (`i % CLASSES`) is a texture — horizontal,
/// vertical or diagonal stripes, or a checkerboard — in fixed pseudo-random noise; and their
/// labels.
fn dataset(n: usize, seed: u64, device: &Device) -> (Tensor<4>, Tensor<1, Int>) {
    let mut state = seed;
    let mut noise = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f32 / (1u64 << 31) as f32) - 0.5
    };
    let mut pixels = Vec::with_capacity(n * 3 * SIZE * SIZE);
    let mut labels = Vec::with_capacity(n);
    for index in 0..n {
        let class = index % CLASSES;
        for _channel in 0..3 {
            for y in 0..SIZE {
                for x in 0..SIZE {
                    let bright = match class {
                        0 => y % 4 < 2,
                        1 => x % 4 < 2,
                        2 => (x / 2 + y / 2) % 2 == 0,
                        _ => (x + y) % 4 < 2,
                    };
                    pixels.push(if bright { 1.0 } else { 0.0 } + noise());
                }
            }
        }
        labels.push(class as i64);
    }
    let images = Tensor::from_data(TensorData::new(pixels, [n, 3, SIZE, SIZE]), device);
    (images, Tensor::from_ints(labels.as_slice(), device))
}

#[test]
fn a_classifier_from_a_config_learns_a_synthetic_task() {
    let device = Device::flex().autodiff();
    let mut config = classifier(
        json!({"type": "ResNet_CIFAR", "depth": 18, "stem_channels": 16, "base_channels": 16}),
        128,
        CLASSES,
    );
    config["head"]["topk"] = json!([1]);
    config["head"]["cal_acc"] = json!(true);
    let mut model = model(&config, &device);
    let (images, labels) = dataset(32, 7, &device);
    let mut optimizer = AdamConfig::new().init();

    let mut losses = Vec::new();
    for step in 0..40 {
        let start = (step % 2) * 16;
        let batch = images.clone().narrow(0, start, 16);
        let targets = Targets::Labels(labels.clone().narrow(0, start, 16));
        let output = model.loss(batch, targets);
        assert_eq!(output.logs.len(), 1);
        assert_eq!(output.logs[0].0, "accuracy_top-1");
        losses.push(values(output.loss.clone())[0]);
        let grads = GradientsParams::from_grads(output.loss.backward(), &model);
        model = optimizer.step(2e-3, model, grads);
    }
    let first = losses[..2].iter().sum::<f32>() / 2.0;
    let last = losses[losses.len() - 2..].iter().sum::<f32>() / 2.0;
    // From about ln(4) = 1.386 to below 0.05: a drop of more than 95 %.
    assert!(
        first > 1.0 && last < 0.05,
        "the loss did not fall by far: {losses:?}"
    );
    eprintln!("training loss: {first:.4} -> {last:.4} in 40 steps");

    // Evaluated without autodiff, with the running statistics, on unseen images.
    let model = model.valid();
    let (test_images, test_labels) = dataset(16, 99, &Device::flex());
    let predicted = model.predict(test_images).labels;
    let correct: i64 = predicted.equal(test_labels).int().sum().into_scalar();
    eprintln!("{correct}/16 unseen images classified correctly");
    assert!(
        correct >= 15,
        "{correct}/16 unseen images classified correctly"
    );
}
