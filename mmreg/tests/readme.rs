//! README's examples of `mmreg` output are what `mmreg` prints: each `$ mmreg …` line of a
//! deterministic command ([`EXACT`]) in a text block of README.md is run from the workspace
//! root, and the lines after it must be exactly its output (stdout, then stderr).

mod common;
use common::{mmreg, workspace};

/// The commands whose output does not depend on time or the machine.
const EXACT: [&str; 6] = ["validate", "dump", "list", "show", "predict", "devices"];

/// Each `$ mmreg …` example of README.md: its arguments and the output shown under it.
fn examples() -> Vec<(Vec<String>, String)> {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README.md");
    let mut examples = Vec::new();
    let mut lines = readme.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(command) = line.trim_start().strip_prefix("$ mmreg ") else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let mut shown = Vec::new();
        while let Some(next) = lines.next_if(|next| !next.trim_start().starts_with("```")) {
            shown.push(next.get(indent..).unwrap_or("").to_owned());
        }
        let args: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
        if args
            .first()
            .is_some_and(|verb| EXACT.contains(&verb.as_str()))
        {
            examples.push((args, shown.join("\n")));
        }
    }
    examples
}

#[test]
fn readme_shows_what_mmreg_prints() {
    let examples = examples();
    assert!(!examples.is_empty(), "README.md has no `$ mmreg` example");
    for (args, shown) in examples {
        let output = mmreg().args(&args).output().expect("mmreg runs");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            printed.trim_end(),
            shown.trim_end(),
            "mmreg {}",
            args.join(" ")
        );
    }
}
