use burn::module::Module;
use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::Device;
use registry_core::burn;

use crate::net::{Net, images, values};

#[test]
fn a_record_saved_to_a_file_loads_into_a_fresh_model_with_identical_outputs() {
    let device = Device::flex();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.bpk");
    let saved = Net::build(&device);
    let input = images(&device);
    let expected = values(saved.valid().forward(input.clone()));
    saved.save_file(&path).unwrap();

    let fresh = Net::build(&device);
    assert_ne!(values(fresh.valid().forward(input.clone())), expected);
    let loaded = fresh.try_load_file(&path).unwrap();
    assert_eq!(values(loaded.valid().forward(input)), expected);
}

#[test]
fn burn_store_safetensors_round_trip_gives_identical_outputs() {
    let device = Device::flex();
    let saved = Net::build(&device);
    let input = images(&device);
    let expected = values(saved.valid().forward(input.clone()));
    let mut store = SafetensorsStore::from_bytes(None);
    saved.save_into(&mut store).unwrap();
    let bytes = store.get_bytes().unwrap();

    let mut loaded = Net::build(&device);
    let result = loaded
        .load_from(&mut SafetensorsStore::from_bytes(Some(bytes)))
        .unwrap();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(values(loaded.valid().forward(input)), expected);
}
