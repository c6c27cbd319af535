//! The FashionMNIST reader on the real files of Debian's `dataset-fashion-mnist` package
//! (installed by CI; `apt-get install -y dataset-fashion-mnist`).

use datasets::DATASETS;
use serde_json::json;

const ROOT: &str = "/usr/share/datasets/fashion-mnist";

#[test]
fn reads_the_real_fashion_mnist_files() {
    assert!(
        std::path::Path::new(ROOT)
            .join("train-images-idx3-ubyte.gz")
            .is_file(),
        "{ROOT} is missing: install Debian's dataset-fashion-mnist package"
    );
    let train = DATASETS
        .build(&json!({"type": "FashionMNIST", "data_root": ROOT}))
        .unwrap();
    let test = DATASETS
        .build(&json!({"type": "FashionMNIST", "data_root": ROOT, "split": "test"}))
        .unwrap();
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    let mut counts = [0usize; 10];
    for i in 0..test.len() {
        counts[test.load(i).unwrap().gt_label.unwrap() as usize] += 1;
    }
    assert_eq!(counts, [1000; 10], "Fashion-MNIST's test set is balanced");
    let image = train.load(0).unwrap().img.unwrap();
    assert_eq!((image.height, image.width, image.channels), (28, 28, 1));
    assert!(
        image.data.iter().any(|&v| v > 200) && image.data.contains(&0),
        "a real picture, not blank"
    );
}
