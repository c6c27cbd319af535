//! Against PyTorch: torchvision's ResNet-18 weights load into a ResNet built from an mmpretrain
//! config, by key mapping only, and give torchvision's outputs (`../shared/fixtures`; skipped
//! with a message where the fixtures are absent, as in a user's clone).

use std::path::{Path, PathBuf};

use registry_core::burn::module::Module;
use registry_core::burn::store::{ModuleSnapshot, PytorchStore};
use registry_core::burn::tensor::{Device, Tensor, TensorData};
use serde_json::json;

use crate::common::{classifier, max_abs_diff, model, values};

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures");
    dir.join("resnet18.pth").exists().then_some(dir)
}

/// A little-endian float32 `.npy` file: shape and values.
fn read_npy(path: &Path) -> (Vec<usize>, Vec<f32>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY", "{}", path.display());
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        _ => (
            u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize,
            12,
        ),
    };
    let header = std::str::from_utf8(&bytes[start..start + header_len]).unwrap();
    assert!(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"));
    let shape_text = &header[header.find("'shape': (").unwrap() + 10..];
    let shape: Vec<usize> = shape_text[..shape_text.find(')').unwrap()]
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().unwrap())
        .collect();
    let data = bytes[start + header_len..]
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes(chunk.try_into().unwrap()))
        .collect();
    (shape, data)
}

#[test]
fn torchvision_resnet18_weights_give_torchvisions_outputs() {
    let Some(dir) = fixtures() else {
        eprintln!("skipped: ../shared/fixtures (torchvision reference outputs) is absent");
        return;
    };
    let device = Device::flex();
    let mut config = classifier(json!({"type": "ResNet", "depth": 18}), 512, 1000);
    config["backbone"]["out_indices"] = json!([0, 1, 2, 3]);
    let mut model = model(&config, &device);

    // The key mapping from torchvision to these paths.
    let mut store = PytorchStore::from_file(dir.join("resnet18.pth"))
        .with_key_remapping(r"^fc\.", "head.fc.")
        .with_key_remapping(r"^(conv1|bn1|layer[1-4])\.", "backbone.$1.")
        .with_key_remapping(r"\.downsample\.0\.", ".downsample.conv.")
        .with_key_remapping(r"\.downsample\.1\.", ".downsample.bn.");
    let result = model.load_from(&mut store).unwrap();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert!(result.missing.is_empty(), "{:?}", result.missing);
    assert_eq!(result.applied.len(), 102);
    assert!(
        result
            .unused
            .iter()
            .all(|key| key.ends_with("num_batches_tracked")),
        "{:?}",
        result.unused
    );

    let (shape, input) = read_npy(&dir.join("resnet18_input.npy"));
    let input = Tensor::<4>::from_data(TensorData::new(input, shape), &device);
    let model = model.valid();

    let (_, expected) = read_npy(&dir.join("resnet18_logits.npy"));
    let logits = values(model.forward(input.clone()));
    let error = max_abs_diff(&logits, &expected);
    eprintln!("logits: max abs difference from torchvision {error:e}");
    assert!(error < 2e-5, "logits differ by {error}");

    for (stage, output) in model.extract_feat(input).into_iter().enumerate() {
        let (shape, expected) = read_npy(&dir.join(format!("resnet18_layer{}.npy", stage + 1)));
        assert_eq!(output.dims().to_vec(), shape);
        let error = max_abs_diff(&values(output), &expected);
        eprintln!("layer{}: max abs difference {error:e}", stage + 1);
        assert!(error < 5e-5, "layer{} differs by {error}", stage + 1);
    }
}
