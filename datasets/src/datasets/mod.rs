//! mmpretrain's datasets, registered in `DATASETS`.

mod ann_file;
mod categories;
mod cifar;
mod custom;
mod folders;
mod imagenet;
mod in_memory;
mod mnist;

pub use categories::categories;
pub use cifar::{CIFAR10, CIFAR100};
pub use custom::CustomDataset;
pub use imagenet::ImageNet;
pub use mnist::{FashionMNIST, MNIST};
