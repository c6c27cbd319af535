//! Helpers shared by the weight tests.

use std::path::{Path, PathBuf};

use registry_core::burn::tensor::{Device, Tensor, TensorData};
use registry_core::{BuildContext, MODELS, Model};
use serde_json::Value;

/// `tests/weights/data`: small checkpoints made by `make_checkpoints.py`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("weights/data")
        .join(name)
}

pub use integration_tests::{classifier, tiny_config};

/// Builds a model config on the Flex device.
pub fn build(config: &Value) -> Box<dyn Model> {
    MODELS
        .build_in(config, &mut BuildContext::new(Device::flex()))
        .unwrap_or_else(|error| panic!("{config} did not build: {error}"))
}

/// A little-endian float32 C-order `.npy` file as a tensor.
pub fn read_npy<const D: usize>(path: &Path) -> Tensor<D> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
    let values: Vec<f32> = bytes[start + header_len..]
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes(chunk.try_into().unwrap()))
        .collect();
    Tensor::from_data(TensorData::new(values, shape), &Device::flex())
}

/// The largest absolute difference of two tensors of one shape.
pub fn max_abs_diff<const D: usize>(a: Tensor<D>, b: Tensor<D>) -> f32 {
    assert_eq!(a.dims(), b.dims(), "shapes differ");
    (a - b).abs().max().into_scalar::<f32>()
}

/// Random normal images `[n, 3, size, size]`.
pub fn images(n: usize, size: usize) -> Tensor<4> {
    use registry_core::burn::tensor::Distribution;
    Tensor::random(
        [n, 3, size, size],
        Distribution::Normal(0.0, 1.0),
        &Device::flex(),
    )
}

/// A fresh temporary directory.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// The values of the float parameter at `path` (`backbone.bn1.gamma`) of `module`.
pub fn param<M: registry_core::burn::module::Module>(module: &M, path: &str) -> Vec<f32> {
    use registry_core::burn::module::{ModuleVisitor, Param};

    struct Find<'a> {
        target: &'a str,
        stack: Vec<String>,
        found: Option<Vec<f32>>,
    }
    impl ModuleVisitor for Find<'_> {
        fn enter_module(&mut self, name: &str, _: &str) {
            self.stack.push(name.to_owned());
        }
        fn exit_module(&mut self, _: &str, _: &str) {
            self.stack.pop();
        }
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if self.stack.join(".") == self.target {
                self.found = Some(param.val().into_data().try_to_vec::<f32>().unwrap());
            }
        }
    }
    let mut find = Find {
        target: path,
        stack: Vec::new(),
        found: None,
    };
    module.visit(&mut find);
    find.found.unwrap_or_else(|| panic!("no parameter {path}"))
}

/// Mean and standard deviation.
pub fn stats(values: &[f32]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = values
        .iter()
        .map(|&v| (v as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    (mean, var.sqrt())
}
