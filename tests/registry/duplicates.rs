use registry_core::{
    BuildContext, BuildError, BuildErrorKind, Buildable, EntryInfo, Registry, register_module,
};
use serde_json::json;

use crate::things::{Empty, Named, THINGS, Thing};

/// A registry with two registrations of one name from one crate.
static CLASHING: Registry<Box<dyn Thing>> = Registry::new("CLASHING");
/// A registry where a forced registration replaces another.
static REPLACED: Registry<Box<dyn Thing>> = Registry::new("REPLACED");

macro_rules! thing {
    ($name:ident, $text:literal) => {
        impl Buildable for $name {
            type Config = Empty;
            fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> {
                Ok($name)
            }
        }
        impl Thing for $name {
            fn describe(&self) -> String {
                $text.into()
            }
        }
    };
}

#[register_module(CLASHING, name = "Same")]
struct First;
thing!(First, "first");

#[register_module(CLASHING, name = "Same")]
struct Second;
thing!(Second, "second");

#[register_module(CLASHING)]
struct Innocent;
thing!(Innocent, "innocent");

#[register_module(REPLACED, name = "Model")]
struct Original;
thing!(Original, "original");

#[register_module(REPLACED, name = "Model", force = true)]
struct Replacement;
thing!(Replacement, "replacement");

#[test]
fn a_duplicate_registration_is_reported_on_use_naming_both_locations() {
    let error = CLASHING.build(&json!({"type": "Innocent"})).unwrap_err();
    let BuildErrorKind::Duplicate(conflicts) = &error.kind else {
        panic!("expected a duplicate error, got {error}");
    };
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(conflict.name, "Same");
    assert_eq!(conflict.registry, "CLASHING");
    let mut lines = [conflict.first.line, conflict.second.line];
    lines.sort();
    assert_eq!(
        lines[1] - lines[0],
        4,
        "the two structs are four lines apart"
    );
    assert!(conflict.first.file.ends_with("duplicates.rs"));
    let shown = error.to_string();
    assert!(
        shown.contains("`Same` is registered twice in CLASHING: at tests/registry/duplicates.rs:"),
        "{shown}"
    );
    assert!(shown.contains("use `force = true`"), "{shown}");
    assert_eq!(CLASHING.ensure_no_conflicts().unwrap_err().kind, error.kind);
}

#[test]
fn introspection_still_works_on_a_registry_with_conflicts() {
    assert_eq!(CLASHING.len(), 3);
    assert!(CLASHING.contains("Innocent"));
}

#[test]
fn a_forced_registration_replaces_the_other_whatever_the_order() {
    let built = REPLACED.build(&json!({"type": "Model"})).unwrap();
    assert_eq!(built.describe(), "replacement");
    assert_eq!(REPLACED.len(), 1);
    assert!(REPLACED.get("Model").unwrap().force);
    assert!(REPLACED.ensure_no_conflicts().is_ok());
}

#[test]
fn a_run_time_duplicate_is_refused_at_once_and_leaves_the_registry_intact() {
    // Only `Num`'s entries are compared: the concurrency test registers into THINGS meanwhile.
    let num_entries = || THINGS.list("Num").unwrap();
    let before = num_entries();
    let error = THINGS
        .register::<Named>(EntryInfo::new("Num", "registry"))
        .unwrap_err();
    let BuildErrorKind::Duplicate(conflicts) = &error.kind else {
        panic!("expected a duplicate error, got {error}");
    };
    assert_eq!(conflicts[0].name, "Num");
    assert!(conflicts[0].first.file.ends_with("things.rs"));
    assert!(conflicts[0].second.file.ends_with("duplicates.rs"));
    assert_eq!(num_entries(), before);
    assert!(THINGS.ensure_no_conflicts().is_ok());
}
