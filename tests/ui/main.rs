//! `#[register_module]`: every misuse is a compile error on the offending token
//! (`fail/*.rs`, each with its expected `.stderr`), and the good cases compile and run
//! (`pass/*.rs`).
//!
//! The `.stderr` files are rustc 1.95's output, and another compiler words its errors
//! differently: on any other compiler the `fail` cases are skipped with a message, and the
//! `pass` cases still run. To re-bless them for a new compiler, change the version below, run
//! `TRYBUILD=overwrite cargo test -p integration-tests --test ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    compile_fail_cases(&cases);
}

#[rustversion::stable(1.95)]
fn compile_fail_cases(cases: &trybuild::TestCases) {
    cases.compile_fail("ui/fail/*.rs");
}

#[rustversion::not(stable(1.95))]
fn compile_fail_cases(_: &trybuild::TestCases) {
    eprintln!(
        "skipped ui/fail/*.rs: their .stderr files are rustc 1.95's; re-bless them for this \
         compiler (see tests/ui/main.rs)"
    );
}
