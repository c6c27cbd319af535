//! Checkpoint loading from mutated `.pth` (zip and legacy pickle) and `.safetensors` bytes:
//! always a typed outcome, never a panic, never an allocation the file's size cannot justify.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use checkpoints::{Checkpoint, LoadOptions, save_safetensors};
use integration_tests::tiny_config;
use proptest::prelude::*;
use registry_core::{MODELS, Model};

use crate::common::scratch;

fn tiny_model() -> Box<dyn Model> {
    MODELS.build(&tiny_config()).unwrap()
}

/// The seeds: torchvision's zip `.pth`, the legacy pickle `.pth`, and a safetensors export,
/// each with its file extension.
fn seeds() -> &'static [(&'static str, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let data = |name: &str| -> PathBuf {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("weights/data")
                .join(name)
        };
        let exported = scratch().join("seed.safetensors");
        save_safetensors(
            &tiny_model(),
            &exported,
            &models::checkpoints::torchvision(),
        )
        .unwrap();
        vec![
            ("pth", std::fs::read(data("tiny_torchvision.pth")).unwrap()),
            ("pth", std::fs::read(data("tiny_legacy.pth")).unwrap()),
            ("safetensors", std::fs::read(exported).unwrap()),
        ]
    })
}

/// One change to a file's bytes; lengths and offsets in these formats are little-endian
/// integers, so whole integers are written too.
#[derive(Debug, Clone)]
enum Mutation {
    Byte(prop::sample::Index, u8),
    Integer(prop::sample::Index, u64),
    Truncate(prop::sample::Index),
    Delete(prop::sample::Index, usize),
    Duplicate(prop::sample::Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    let integers = prop_oneof![
        prop::sample::select(vec![
            0,
            1,
            0x7f,
            0xff,
            0xffff,
            1 << 31,
            u32::MAX as u64,
            1 << 40,
            u64::MAX
        ]),
        any::<u64>(),
    ];
    prop_oneof![
        4 => (at(), any::<u8>()).prop_map(|(at, byte)| Mutation::Byte(at, byte)),
        3 => (at(), integers).prop_map(|(at, n)| Mutation::Integer(at, n)),
        1 => at().prop_map(Mutation::Truncate),
        1 => (at(), 1..64_usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        1 => (at(), 1..64_usize).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    match mutation {
        Mutation::Byte(at, byte) => bytes[at.index(len)] = *byte,
        Mutation::Integer(at, n) => {
            let start = at.index(len);
            let end = (start + 8).min(len);
            bytes[start..end].copy_from_slice(&n.to_le_bytes()[..end - start]);
        }
        Mutation::Truncate(at) => bytes.truncate(at.index(len)),
        Mutation::Delete(at, count) => {
            let start = at.index(len);
            bytes.drain(start..(start + count).min(len));
        }
        Mutation::Duplicate(at, count) => {
            let start = at.index(len);
            let copy = bytes[start..(start + count).min(len)].to_vec();
            bytes.splice(start..start, copy);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn mutated_checkpoints_load_or_fail_cleanly(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..5),
        strict in any::<bool>(),
    ) {
        let (extension, bytes) = seed.get(seeds());
        let mut bytes = bytes.clone();
        for mutation in &mutations {
            mutate(&mut bytes, mutation);
        }
        let path = scratch().join(format!("fuzzed.{extension}"));
        std::fs::write(&path, &bytes).unwrap();
        let options = LoadOptions::new()
            .strict(strict)
            .key_maps(models::checkpoints::key_maps());
        let mut model = tiny_model();
        if let Err(error) = Checkpoint::open(&path).and_then(|checkpoint| checkpoint.load_into(&mut model, &options)) {
            let message = error.to_string();
            prop_assert!(message.contains("fuzzed."), "the error does not name the file: {}", message);
        }
    }
}

#[test]
fn every_seed_loads_strictly() {
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    for (index, (extension, bytes)) in seeds().iter().enumerate() {
        let path = scratch().join(format!("seed{index}.{extension}"));
        std::fs::write(&path, bytes).unwrap();
        let report = Checkpoint::open(&path)
            .and_then(|checkpoint| checkpoint.load_into(&mut tiny_model(), &options))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(report.is_exact(), "{}: {report}", path.display());
    }
}
