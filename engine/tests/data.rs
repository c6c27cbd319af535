//! `DatasetsData` on the real Fashion-MNIST files (Debian's `dataset-fashion-mnist`, installed by
//! CI): batches as `ClsBatch` with labels and dataset indices, the same order for the same
//! `randomness.seed`, another for another seed, and the sampler's epoch continued on resume.

use burn::tensor::Device;
use engine::data::{ClsBatch, DataContext, DataSource, DatasetsData};
use serde_json::json;

registry_core::link!(datasets, engine);

fn first_batch(seed: u64, epoch: u64) -> ClsBatch {
    let config = json!({
        "batch_size": 16, "num_workers": 2,
        "dataset": {"type": "FashionMNIST", "data_root": "/usr/share/datasets/fashion-mnist",
                    "indices": 64, "pipeline": [{"type": "RandomFlip", "prob": 0.5}, {"type": "PackInputs"}]},
        "sampler": {"type": "DefaultSampler", "shuffle": true},
    });
    let ctx = DataContext {
        device: Device::flex(),
        seed,
        epoch,
    };
    let loader = DatasetsData
        .dataloader("train_dataloader", &config, &ctx)
        .unwrap();
    assert_eq!((loader.num_samples, loader.num_batches), (64, 4));
    loader.loader.iter().next().unwrap().unwrap()
}

fn labels(batch: &ClsBatch) -> Vec<i64> {
    batch
        .labels
        .clone()
        .into_data()
        .convert::<i64>()
        .try_to_vec::<i64>()
        .unwrap()
}

#[test]
fn one_seed_one_order_of_real_batches() {
    let batch = first_batch(5, 0);
    assert_eq!(batch.images.dims(), [16, 1, 28, 28]);
    let again = first_batch(5, 0);
    assert_eq!(batch.indices, again.indices);
    assert_eq!(labels(&batch), labels(&again));
    let pixels = |b: &ClsBatch| b.images.clone().into_data().try_to_vec::<f32>().unwrap();
    assert_eq!(
        pixels(&batch),
        pixels(&again),
        "the same augmentation draws"
    );
    assert!(batch.indices.iter().all(|&index| index < 64));
    assert_ne!(
        batch.indices,
        first_batch(6, 0).indices,
        "another seed, another order"
    );
    assert_ne!(
        batch.indices,
        first_batch(5, 1).indices,
        "epoch 1 is shuffled anew (resume)"
    );
}

#[test]
fn a_folder_without_the_files_is_an_error_naming_the_key() {
    let config = json!({"batch_size": 4, "sampler": {"type": "DefaultSampler"},
                        "dataset": {"type": "CIFAR10", "data_root": "no/such/dir"}});
    let ctx = DataContext {
        device: Device::flex(),
        seed: 0,
        epoch: 0,
    };
    let error = DatasetsData
        .dataloader("val_dataloader", &config, &ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.starts_with("val_dataloader.dataset.data_root: no/such/dir"),
        "{error}"
    );
}
