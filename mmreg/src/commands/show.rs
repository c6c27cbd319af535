//! `mmreg show NAME [--schema]`.

use anyhow::{Context, bail};
use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use registry_core::{AnyRegistry, EntryInfo, registries, registry};
use serde_json::Value;

use crate::cli::ShowArgs;
use crate::commands::list::unknown_registry;

pub fn run(args: ShowArgs) -> anyhow::Result<()> {
    let (registry, entry) = find(&args.name, args.registry.as_deref())?;
    let schema = registry
        .schema(&entry.qualified_name())
        .context("the entry has no schema")?
        .to_value();
    if args.schema {
        println!("{}", serde_json::to_string_pretty(&schema)?);
        return Ok(());
    }
    println!("{}", entry.name);
    if !entry.doc.is_empty() {
        println!("  {}", entry.doc);
    }
    println!();
    println!("registry:  {}", registry.name());
    println!("scope:     {}", entry.scope);
    if !entry.aliases.is_empty() {
        println!("aliases:   {}", entry.aliases.join(", "));
    }
    println!("type:      {}", entry.type_path);
    println!("location:  {}", entry.location);
    println!();
    println!("{}", arguments_table(&schema));
    Ok(())
}

/// The entry `name` names, in `registry_name` or in the only registry that has it.
fn find(
    name: &str,
    registry_name: Option<&str>,
) -> anyhow::Result<(&'static dyn AnyRegistry, EntryInfo)> {
    if let Some(registry_name) = registry_name {
        let registry = registry(registry_name).with_context(|| unknown_registry(registry_name))?;
        let entry = registry
            .get(name)
            .with_context(|| format!("`{name}` is not registered in {}", registry.name()))?;
        return Ok((registry, entry));
    }
    let found: Vec<_> = registries()
        .into_iter()
        .filter_map(|registry| registry.get(name).map(|entry| (registry, entry)))
        .collect();
    match found.len() {
        0 => bail!("`{name}` is not registered in any registry; see `mmreg list`"),
        1 => Ok(found.into_iter().next().expect("one match")),
        _ => {
            let names: Vec<&str> = found.iter().map(|(registry, _)| registry.name()).collect();
            bail!(
                "`{name}` is registered in several registries ({}); choose one with --registry",
                names.join(", ")
            )
        }
    }
}

/// Every argument of a config schema: name, type, default, and its doc.
fn arguments_table(schema: &Value) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "Argument",
        "Type",
        "Default",
        "Description",
    ]);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let default = match property.get("default") {
            Some(default) => default.to_string(),
            None if required.contains(&name.as_str()) => "(required)".to_owned(),
            None => String::new(),
        };
        let description = property["description"].as_str().unwrap_or_default();
        table.add_row([
            name.clone(),
            describe_type(property, schema),
            default,
            description.to_owned(),
        ]);
    }
    table
}

/// A short description of the type a schema accepts: `int`, `list[int]`, `'pytorch' | 'caffe'`,
/// `config of BACKBONES`, …
fn describe_type(schema: &Value, root: &Value) -> String {
    if let Some(registry) = schema["x-registry"].as_str() {
        return format!("config of {registry}");
    }
    if let Some(reference) = schema["$ref"].as_str() {
        let target = reference
            .strip_prefix("#/$defs/")
            .and_then(|name| root["$defs"].get(name));
        return match target {
            Some(target) => describe_type(target, root),
            None => reference.to_owned(),
        };
    }
    if let Some(values) = schema["enum"].as_array() {
        return values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
    }
    if let Some(value) = schema.get("const") {
        return value.to_string();
    }
    for combinator in ["anyOf", "oneOf"] {
        if let Some(alternatives) = schema[combinator].as_array() {
            return alternatives
                .iter()
                .map(|alternative| describe_type(alternative, root))
                .collect::<Vec<_>>()
                .join(" | ");
        }
    }
    let kinds: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => return "any".to_owned(),
    };
    kinds
        .iter()
        .map(|kind| match *kind {
            "integer" => "int".to_owned(),
            "number" => "float".to_owned(),
            "boolean" => "bool".to_owned(),
            "string" => "str".to_owned(),
            "null" => "None".to_owned(),
            "array" => match schema.get("items") {
                Some(items) => format!("list[{}]", describe_type(items, root)),
                None => "list".to_owned(),
            },
            "object" => "dict".to_owned(),
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
