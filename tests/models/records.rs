//! Save → load of an assembled model, through Burn's records and burn-store, gives identical
//! outputs.

use registry_core::burn::module::Module;
use registry_core::burn::store::{ModuleSnapshot, SafetensorsStore};
use registry_core::burn::tensor::Device;
use registry_core::{Model, Targets};
use serde_json::{Value, json};

use crate::common::{classifier, images, labels, model, values};

fn configs() -> Vec<Value> {
    vec![
        classifier(
            json!({"type": "ResNet_CIFAR", "depth": 18, "base_channels": 8, "stem_channels": 8}),
            64,
            10,
        ),
        classifier(
            json!({"type": "SEResNeXt", "depth": 50, "base_channels": 8, "stem_channels": 8,
                   "groups": 4, "width_per_group": 2, "deep_stem": true, "avg_down": true,
                   "norm_cfg": {"type": "GN", "num_groups": 4}}),
            256,
            10,
        ),
    ]
}

/// A model of `config` whose BatchNorm statistics moved away from their initial values.
fn trained(config: &Value) -> Box<dyn Model> {
    let device = Device::flex().autodiff();
    let model = model(config, &device);
    let _ = model.loss(
        images(4, 32, &device),
        Targets::Labels(labels(&[0, 1, 2, 3], &device)),
    );
    model.valid()
}

#[test]
fn a_burnpack_file_loads_into_a_fresh_model_with_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    for (index, config) in configs().iter().enumerate() {
        let path = dir.path().join(format!("model{index}.bpk"));
        let saved = trained(config);
        let input = images(2, 32, &Device::flex());
        let expected = values(saved.forward(input.clone()));
        saved.save_file(&path).unwrap();

        let fresh = model(config, &Device::flex());
        assert_ne!(values(fresh.valid().forward(input.clone())), expected);
        let loaded = fresh.try_load_file(&path).unwrap();
        assert_eq!(values(loaded.valid().forward(input)), expected, "{config}");
    }
}

#[test]
fn burn_store_safetensors_round_trip_gives_identical_outputs() {
    for config in configs() {
        let saved = trained(&config);
        let input = images(2, 32, &Device::flex());
        let expected = values(saved.forward(input.clone()));
        let mut store = SafetensorsStore::from_bytes(None);
        saved.save_into(&mut store).unwrap();
        let bytes = store.get_bytes().unwrap();

        let mut loaded = model(&config, &Device::flex());
        let result = loaded
            .load_from(&mut SafetensorsStore::from_bytes(Some(bytes)))
            .unwrap();
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        assert!(result.missing.is_empty(), "{:?}", result.missing);
        assert_eq!(values(loaded.valid().forward(input)), expected, "{config}");
    }
}
