//! `mmreg list [REGISTRY] [GLOB]`.

use anyhow::{Context, bail};
use registry_core::{AnyRegistry, EntryInfo, registries, registry};

use crate::table::entries_table;
use serde_json::json;

use crate::cli::ListArgs;

pub fn run(args: ListArgs) -> anyhow::Result<()> {
    let chosen: Vec<&'static dyn AnyRegistry> = match &args.registry {
        Some(name) => vec![registry(name).with_context(|| unknown_registry(name))?],
        None => registries(),
    };
    let pattern = args
        .pattern
        .as_deref()
        .map(glob::Pattern::new)
        .transpose()
        .context("invalid glob")?;
    let mut listed: Vec<(&'static str, Vec<EntryInfo>)> = Vec::new();
    for registry in chosen {
        let entries = registry
            .entries()
            .into_iter()
            .filter(|entry| {
                pattern
                    .as_ref()
                    .is_none_or(|pattern| matches(pattern, entry))
            })
            .collect();
        listed.push((registry.name(), entries));
    }
    if args.json {
        let rows: Vec<_> = listed
            .iter()
            .flat_map(|(registry, entries)| {
                entries.iter().map(move |entry| entry_json(registry, entry))
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let total: usize = listed.iter().map(|(_, entries)| entries.len()).sum();
    if total == 0 && args.pattern.is_some() {
        bail!("no entry matches `{}`", args.pattern.unwrap_or_default());
    }
    for (registry, entries) in listed.iter().filter(|(_, entries)| !entries.is_empty()) {
        println!("{registry} ({} entries)", entries.len());
        println!("{}", entries_table(entries));
    }
    Ok(())
}

fn matches(pattern: &glob::Pattern, entry: &EntryInfo) -> bool {
    let options = glob::MatchOptions {
        case_sensitive: false,
        ..Default::default()
    };
    entry
        .names()
        .any(|name| pattern.matches_with(name, options))
}

/// One entry as JSON.
pub fn entry_json(registry: &str, entry: &EntryInfo) -> serde_json::Value {
    json!({
        "registry": registry,
        "name": entry.name,
        "aliases": entry.aliases,
        "scope": entry.scope,
        "type": entry.type_path,
        "file": entry.location.file,
        "line": entry.location.line,
        "doc": entry.doc,
    })
}

/// The error for a registry name that does not exist, listing those that do.
pub fn unknown_registry(name: &str) -> String {
    let known: Vec<&str> = registries()
        .iter()
        .map(|registry| registry.name())
        .collect();
    format!("no registry `{name}`; registries: {}", known.join(", "))
}
