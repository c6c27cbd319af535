//! `#[register_module]`: every misuse is a compile error on the offending token
//! (`fail/*.rs`, each with its expected `.stderr`), and the good cases compile and run
//! (`pass/*.rs`). The `.stderr` files are rustc 1.95's output; regenerate them with
//! `TRYBUILD=overwrite cargo test -p integration-tests --test ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
