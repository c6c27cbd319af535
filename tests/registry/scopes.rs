use std::sync::Once;

use registry_core::{BuildContext, BuildError, BuildErrorKind, Buildable, EntryInfo};
use serde_json::{Value, json};

use crate::things::{Empty, THINGS, Thing, error};

/// The `Widget` of a crate called `alpha`.
struct AlphaWidget;
/// The `Widget` of a crate called `beta`.
struct BetaWidget;

impl Buildable for AlphaWidget {
    type Config = Empty;
    fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(AlphaWidget)
    }
}
impl Thing for AlphaWidget {
    fn describe(&self) -> String {
        "alpha".into()
    }
}
impl Buildable for BetaWidget {
    type Config = Empty;
    fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(BetaWidget)
    }
}
impl Thing for BetaWidget {
    fn describe(&self) -> String {
        "beta".into()
    }
}

/// Registers a `Widget` from two scopes, once per test binary.
fn two_widgets() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        THINGS
            .register::<AlphaWidget>(EntryInfo::new("Widget", "alpha"))
            .unwrap();
        THINGS
            .register::<BetaWidget>(EntryInfo::new("Widget", "beta"))
            .unwrap();
    });
}

fn build_in_scope(config: Value, scope: Option<&str>) -> String {
    let mut ctx = BuildContext::default();
    if let Some(scope) = scope {
        ctx = ctx.with_scope(scope);
    }
    THINGS.build_in(&config, &mut ctx).unwrap().describe()
}

#[test]
fn a_name_two_scopes_register_is_ambiguous_and_lists_both() {
    two_widgets();
    let error = THINGS.build(&json!({"type": "Widget"})).unwrap_err();
    let BuildErrorKind::Ambiguous { candidates, .. } = &error.kind else {
        panic!("expected an ambiguity, got {error}");
    };
    assert_eq!(candidates.len(), 2);
    assert!(
        candidates[0].starts_with("`alpha.Widget` ("),
        "{candidates:?}"
    );
    assert!(
        candidates[1].starts_with("`beta.Widget` ("),
        "{candidates:?}"
    );
    assert!(
        error
            .to_string()
            .contains("write `scope.Widget` or set `_scope_`")
    );
}

#[test]
fn a_scoped_name_selects_one() {
    two_widgets();
    assert_eq!(
        build_in_scope(json!({"type": "alpha.Widget"}), None),
        "alpha"
    );
    assert_eq!(build_in_scope(json!({"type": "beta.Widget"}), None), "beta");
}

#[test]
fn the_default_scope_resolves_bare_names_first() {
    two_widgets();
    assert_eq!(
        build_in_scope(json!({"type": "Widget"}), Some("beta")),
        "beta"
    );
    // Names the default scope lacks still resolve elsewhere.
    assert_eq!(
        build_in_scope(json!({"type": "Number", "value": 1}), Some("beta")),
        "1m"
    );
}

#[test]
fn scope_key_switches_the_default_scope_for_its_subtree_only() {
    two_widgets();
    let config = json!({
        "type": "Pair",
        "_scope_": "alpha",
        "left": {"type": "Widget"},
        "right": {"type": "Pair", "_scope_": "beta", "left": {"type": "Widget"}, "right": {"type": "Widget"}},
    });
    assert_eq!(build_in_scope(config, None), "(alpha, (beta, beta))");
    let outside = json!({
        "type": "Pair",
        "left": {"type": "Pair", "_scope_": "alpha", "left": {"type": "Widget"}, "right": {"type": "N", "value": 1}},
        "right": {"type": "Widget"},
    });
    let error = THINGS.build(&outside).unwrap_err();
    assert_eq!(error.path.to_string(), "right.type");
    assert!(matches!(error.kind, BuildErrorKind::Ambiguous { .. }));
}

#[test]
fn an_unknown_scope_lists_the_scopes_there_are() {
    two_widgets();
    let shown = error(json!({"type": "gamma.Widget"}));
    let prefix = "type: no scope `gamma` registered anything in THINGS; scopes there: ";
    assert!(shown.starts_with(prefix), "{shown}");
    for scope in ["`alpha`", "`beta`", "`registry`"] {
        assert!(
            shown[prefix.len()..].contains(scope),
            "{shown} lacks {scope}"
        );
    }
}

#[test]
fn a_known_scope_without_the_name_is_an_unknown_type() {
    two_widgets();
    assert_eq!(
        error(json!({"type": "alpha.Number", "value": 1})),
        "type: `alpha.Number` is not registered in THINGS; did you mean `Number`?"
    );
}
