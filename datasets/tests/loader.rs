//! Samplers and the dataloader: seeds, order, drop_last, workers, and Burn's `DataLoader` trait.

use crate::common;

use std::sync::Arc;

use burn::data::dataloader::DataLoader;
use burn::tensor::Device;
use common::data;
use datasets::{DATA_SAMPLERS, ImageBatch, ImageDataLoader};
use registry_core::BuildContext;
use serde_json::{Value, json};

fn loader_config(batch_size: usize, workers: usize, shuffle: bool, drop_last: bool) -> Value {
    json!({
        "batch_size": batch_size, "num_workers": workers, "drop_last": drop_last, "persistent_workers": true,
        "dataset": {"type": "CustomDataset", "data_root": data("folder"), "pipeline": [
            {"type": "LoadImageFromFile"},
            {"type": "RandomResizedCrop", "scale": 12},
            {"type": "RandomFlip", "prob": 0.5},
            {"type": "PackInputs"},
        ]},
        "sampler": {"type": "DefaultSampler", "shuffle": shuffle},
    })
}

fn build(config: &Value, seed: u64) -> ImageDataLoader {
    let mut ctx = BuildContext::default();
    let device = Device::flex();
    ImageDataLoader::from_config(config, seed, &device, &mut ctx).unwrap_or_else(|e| panic!("{e}"))
}

/// Every batch of one epoch as (images, labels, img_paths).
fn epoch(loader: &dyn DataLoader<ImageBatch>) -> Vec<(Vec<f32>, Vec<i64>, Vec<String>)> {
    loader
        .iter()
        .map(|batch| {
            let batch = batch.unwrap();
            let images = batch.images.into_data().try_to_vec::<f32>().unwrap();
            let labels = batch
                .labels
                .unwrap()
                .into_data()
                .convert::<i64>()
                .try_to_vec::<i64>()
                .unwrap();
            let paths = batch
                .metas
                .iter()
                .map(|m| m["img_path"].as_str().unwrap().to_owned())
                .collect();
            (images, labels, paths)
        })
        .collect()
}

fn names(batches: &[(Vec<f32>, Vec<i64>, Vec<String>)]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| b.2.iter().map(|p| p.rsplit('/').next().unwrap().to_owned()))
        .collect()
}

#[test]
fn same_seed_same_batches_and_epochs_differ() {
    let config = loader_config(4, 0, true, false);
    let (a, b) = (build(&config, 42), build(&config, 42));
    let first = epoch(&a);
    assert_eq!(first, epoch(&b), "two runs with one seed");
    assert_eq!(first.len(), 4);
    let second = epoch(&a);
    assert_ne!(
        names(&first),
        names(&second),
        "epoch 1 is shuffled anew (seed + epoch)"
    );
    assert_ne!(
        epoch(&build(&config, 43)),
        first,
        "another seed, other batches"
    );
    let (images, labels, _) = &first[0];
    assert_eq!(images.len(), 4 * 3 * 12 * 12);
    assert!(
        images.iter().all(|&v| (0.0..=255.0).contains(&v)) && images.iter().any(|&v| v > 1.0),
        "0–255, not normalised"
    );
    assert!(labels.iter().all(|&l| (0..4).contains(&l)));
}

#[test]
fn shuffle_off_keeps_dataset_order() {
    let loader = build(&loader_config(5, 0, false, false), 0);
    let batches = epoch(&loader);
    assert_eq!(
        batches.iter().map(|b| b.1.len()).collect::<Vec<_>>(),
        [5, 5, 5, 1]
    );
    let all = names(&batches);
    assert_eq!(
        all[..5],
        [
            "astronaut_0.png",
            "astronaut_1.jpg",
            "astronaut_2.png",
            "astronaut_3.jpg",
            "cat_0.png"
        ]
    );
    let labels: Vec<i64> = batches.iter().flat_map(|b| b.1.clone()).collect();
    assert_eq!(labels, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    assert_eq!(loader.num_items(), 16);
}

#[test]
fn drop_last_drops_the_incomplete_batch() {
    let loader = build(&loader_config(5, 0, true, true), 0);
    let batches = epoch(&loader);
    assert_eq!(
        batches.iter().map(|b| b.1.len()).collect::<Vec<_>>(),
        [5, 5, 5]
    );
    assert_eq!(loader.num_items(), 15);
}

#[test]
fn one_or_two_workers_give_identical_batches() {
    let serial = epoch(&build(&loader_config(3, 0, true, false), 9));
    let one = epoch(&build(&loader_config(3, 1, true, false), 9));
    let two = epoch(&build(&loader_config(3, 2, true, false), 9));
    assert_eq!(one, two);
    assert_eq!(serial, two);
}

#[test]
fn plugs_into_burn_as_a_dataloader() {
    let loader: Arc<dyn DataLoader<ImageBatch>> =
        Arc::new(build(&loader_config(4, 2, false, false), 1));
    let mut iter = loader.iter();
    let batch = iter.next().unwrap().unwrap();
    assert_eq!(batch.images.dims(), [4, 3, 12, 12]);
    assert_eq!(iter.progress().items_processed, 4);
    assert_eq!(iter.progress().items_total, 16);
    drop(iter);
    // burn-train's multi-device split: two halves of one epoch order.
    let (head, tail) = (loader.slice(0, 8), loader.slice(8, 16));
    let full = names(&epoch(loader.as_ref()));
    let mut halves = names(&epoch(head.as_ref()));
    halves.extend(names(&epoch(tail.as_ref())));
    assert_eq!(full, halves);
    assert_eq!(epoch(loader.to_device(&Device::flex()).as_ref()).len(), 4);
}

#[test]
fn default_sampler_permutes_by_seed_plus_epoch() {
    let sampler = DATA_SAMPLERS
        .build(&json!({"type": "DefaultSampler", "seed": 5}))
        .unwrap();
    let order: Vec<usize> = sampler.indices(50, 0, 999).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    assert_ne!(order, (0..50).collect::<Vec<_>>());
    assert_eq!(
        order,
        sampler.indices(50, 0, 1).collect::<Vec<_>>(),
        "its own seed wins over the loader's"
    );
    assert_eq!(
        sampler.indices(50, 1, 0).collect::<Vec<_>>(),
        DATA_SAMPLERS
            .build(&json!({"type": "DefaultSampler", "seed": 6}))
            .unwrap()
            .indices(50, 0, 0)
            .collect::<Vec<_>>(),
        "seed + epoch"
    );
    let plain = DATA_SAMPLERS
        .build(&json!({"type": "DefaultSampler", "shuffle": false}))
        .unwrap();
    assert_eq!(plain.indices(5, 3, 0).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
}

#[test]
fn infinite_sampler_never_ends_and_covers_each_pass() {
    let sampler = DATA_SAMPLERS
        .build(&json!({"type": "InfiniteSampler", "seed": 3}))
        .unwrap();
    assert!(sampler.is_infinite());
    let stream: Vec<usize> = sampler.indices(7, 0, 0).take(70).collect();
    for pass in stream.chunks(7) {
        let mut sorted = pass.to_vec();
        sorted.sort();
        assert_eq!(sorted, (0..7).collect::<Vec<_>>());
    }
    assert_ne!(stream[..7], stream[7..14], "each pass is a new permutation");
    assert_eq!(
        stream,
        sampler.indices(7, 5, 0).take(70).collect::<Vec<_>>(),
        "seeded once; the epoch is ignored"
    );
}

#[test]
fn dataloader_keys_are_checked() {
    let mut config = loader_config(2, 0, true, false);
    config["batch_size"] = json!(0);
    let mut ctx = BuildContext::default();
    let device = Device::flex();
    let error = ImageDataLoader::from_config(&config, 0, &device, &mut ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(error.starts_with("batch_size: "), "{error}");
    let mut config = loader_config(2, 0, true, false);
    config.as_object_mut().unwrap().remove("sampler");
    let error = ImageDataLoader::from_config(&config, 0, &device, &mut ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(error.starts_with("sampler: "), "{error}");
    let mut config = loader_config(2, 0, true, false);
    config["shufle"] = json!(true);
    let error = ImageDataLoader::from_config(&config, 0, &device, &mut ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.starts_with("shufle: unknown field `shufle`, expected one of `batch_size`"),
        "{error}"
    );
}

#[test]
fn repeat_aug_sampler_repeats_each_chosen_index() {
    let sampler = DATA_SAMPLERS
        .build(&json!({"type": "RepeatAugSampler", "seed": 1}))
        .unwrap();
    let order: Vec<usize> = sampler.indices(10, 0, 0).collect();
    assert_eq!(order.len(), 10, "one process: as many as the dataset");
    for chunk in order.chunks(3) {
        assert!(chunk.iter().all(|&i| i == chunk[0]), "{order:?}");
    }
    assert_ne!(
        order,
        sampler.indices(10, 1, 0).collect::<Vec<_>>(),
        "seed + epoch"
    );
    let plain = DATA_SAMPLERS
        .build(&json!({"type": "RepeatAugSampler", "shuffle": false, "num_repeats": 2}))
        .unwrap();
    assert_eq!(plain.indices(5, 0, 0).collect::<Vec<_>>(), [0, 0, 1, 1, 2]);
}

#[test]
fn prefetching_does_not_change_the_batches() {
    let mut config = loader_config(3, 2, true, false);
    let reference = epoch(&build(&config, 4));
    for prefetch in [1, 4] {
        config["prefetch_factor"] = json!(prefetch);
        assert_eq!(
            epoch(&build(&config, 4)),
            reference,
            "prefetch_factor {prefetch}"
        );
    }
    // Leaving an epoch early leaves nothing hanging.
    let loader = build(&config, 4);
    let first = loader.iter().next().unwrap().unwrap();
    assert_eq!(first.images.dims()[0], 3);
    assert_eq!(epoch(&loader).len(), 6);
}
