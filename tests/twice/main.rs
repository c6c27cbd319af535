//! One crate linked under two versions (`twice` 1.0.0 and 2.0.0, both registering `Twice` in
//! BACKBONES from the scope `twice`): the duplicate guarantee holds. Both registrations run,
//! nothing is silently shadowed, and the registry refuses to build until the conflict is
//! resolved, naming both registrations.

registry_core::link!(twice_v1);
registry_core::link!(twice_v2);

use registry_core::{BACKBONES, BuildErrorKind};
use serde_json::json;

#[test]
fn both_versions_register_and_the_conflict_is_reported_on_use() {
    let entries = BACKBONES.entries();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries
            .iter()
            .all(|entry| entry.name == "Twice" && entry.scope == "twice")
    );

    let conflicts = BACKBONES.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let error = BACKBONES.build(&json!({"type": "Twice"})).unwrap_err();
    assert!(
        matches!(error.kind, BuildErrorKind::Duplicate(_)),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("`Twice` is registered twice in BACKBONES"),
        "{message}"
    );
    for version in ["twice-1", "twice-2"] {
        assert!(message.contains(version), "{version} not named: {message}");
    }
    assert!(BACKBONES.ensure_no_conflicts().is_err());
}
