//! Class names of the standard datasets, generated from mmpretrain's `categories.py`
//! (`datasets/data/categories.json`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The class names of `dataset` (`ImageNet`, `CIFAR10`, `CIFAR100`, `MNIST`, `FashionMNIST`).
pub fn categories(dataset: &str) -> Option<Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/categories.json")).unwrap_or_default()
    });
    table.get(dataset).cloned()
}
