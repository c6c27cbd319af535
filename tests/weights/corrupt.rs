//! Bad files are errors naming the file, never panics; pickles are read as data, never run.

use std::path::Path;

use checkpoints::{Checkpoint, CheckpointError, LoadOptions, save_safetensors};

use crate::common::{build, data, temp_dir, tiny_config};

/// Opening and strictly loading `path` into the narrow ResNet-18: the error.
fn load_error(path: &Path) -> CheckpointError {
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    let mut model = build(&tiny_config());
    match Checkpoint::open(path).and_then(|checkpoint| checkpoint.load_into(&mut model, &options)) {
        Ok(report) => panic!("{} loaded: {report}", path.display()),
        Err(error) => error,
    }
}

/// Every prefix of `bytes` (in `steps` steps) written to a file and loaded: an error naming
/// the file each time.
fn assert_truncations_fail(bytes: &[u8], name: &str, steps: usize) {
    let dir = temp_dir();
    let path = dir.path().join(name);
    for step in 0..steps {
        let length = bytes.len() * step / steps;
        std::fs::write(&path, &bytes[..length]).unwrap();
        let error = load_error(&path).to_string();
        assert!(error.contains(name), "{length} bytes: {error}");
    }
}

#[test]
fn truncated_pytorch_files_are_errors() {
    let bytes = std::fs::read(data("tiny_torchvision.pth")).unwrap();
    assert_truncations_fail(&bytes, "truncated.pth", 24);
    let bytes = std::fs::read(data("tiny_legacy.pth")).unwrap();
    assert_truncations_fail(&bytes, "truncated_legacy.pth", 24);
}

#[test]
fn truncated_safetensors_files_are_errors() {
    let dir = temp_dir();
    let path = dir.path().join("whole.safetensors");
    save_safetensors(
        &build(&tiny_config()),
        &path,
        &models::checkpoints::torchvision(),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_truncations_fail(&bytes, "truncated.safetensors", 24);
}

#[test]
fn corrupted_and_foreign_files_are_errors() {
    let dir = temp_dir();
    let mut bytes = std::fs::read(data("tiny_torchvision.pth")).unwrap();
    // Scramble the middle of the archive (the pickle and storages).
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle - 2000..middle + 2000] {
        *byte = byte.wrapping_mul(31).wrapping_add(7);
    }
    for (name, content) in [
        ("scrambled.pth", bytes),
        ("empty.pth", Vec::new()),
        ("text.pth", b"this is not a checkpoint at all\n".to_vec()),
        (
            "header.safetensors",
            b"\x10\x00\x00\x00\x00\x00\x00\x00{\"a\": [1, 2, 3]}".to_vec(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let error = load_error(&path).to_string();
        assert!(error.contains(name), "{error}");
    }
    let error = load_error(&dir.path().join("absent.pth")).to_string();
    assert!(
        error.starts_with("cannot read checkpoint") && error.contains("absent.pth"),
        "{error}"
    );
}

#[test]
fn a_pickle_calling_os_system_is_read_as_data_and_never_run() {
    let dir = temp_dir();
    let marker = dir.path().join("pwned");
    let command = format!("touch {}", marker.display());
    // {'weight': os.system(command)}, pickle protocol 2.
    let mut pickle = b"\x80\x02}X\x06\x00\x00\x00weightcos\nsystem\nX".to_vec();
    pickle.extend((command.len() as u32).to_le_bytes());
    pickle.extend(command.as_bytes());
    pickle.extend(b"\x85Rs.");
    let path = dir.path().join("malicious.pth");
    std::fs::write(&path, pickle).unwrap();

    let error = load_error(&path).to_string();
    assert!(error.contains("malicious.pth"), "{error}");
    assert!(!marker.exists(), "the pickle's code ran");
}
