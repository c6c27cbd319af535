//! JSON Schemas for whole configs: every entry of a registry as one alternative selected by
//! `type`, with the fields that hold nested configs (`x-registry`) pointing at their registry's
//! schema in turn, so that an editor completes and checks a whole model config.

use serde_json::{Map, Value, json};

use crate::directory::{self, AnyRegistry};
use crate::registry::Registry;

impl<P: 'static> Registry<P> {
    /// A JSON Schema (draft 2020-12) for any config this registry builds.
    ///
    /// ```
    /// let schema = registry_core::NORM_LAYERS.config_schema();
    /// let schema = serde_json::to_value(&schema).unwrap();
    /// assert_eq!(schema["$ref"], "#/$defs/NORM_LAYERS");
    /// # registry_core::link!(registry_core);
    /// let alternatives = schema["$defs"]["NORM_LAYERS"]["oneOf"].as_array().unwrap();
    /// assert!(alternatives.iter().any(|entry| entry["title"] == "BN"));
    /// ```
    pub fn config_schema(&self) -> schemars::Schema {
        let mut defs = Map::new();
        add_registry(self, &mut defs);
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": format!("A config of {}", self.name()),
            "$ref": format!("#/$defs/{}", self.name()),
            "$defs": defs,
        });
        schemars::Schema::try_from(schema).unwrap_or_default()
    }
}

/// Adds `registry` (and, recursively, the registries its entries' fields name) to `defs`.
fn add_registry(registry: &dyn AnyRegistry, defs: &mut Map<String, Value>) {
    let name = registry.name();
    if defs.contains_key(name) {
        return;
    }
    defs.insert(name.to_owned(), Value::Null);
    let mut alternatives = Vec::new();
    for entry in registry.entries() {
        let Some(schema) = registry.schema(&entry.qualified_name()) else {
            continue;
        };
        let prefix = format!("{name}.{}", entry.name);
        let mut schema = schema.to_value();
        if let Some(Value::Object(entry_defs)) = schema
            .as_object_mut()
            .and_then(|object| object.remove("$defs"))
        {
            for (def, mut def_schema) in entry_defs {
                rewrite(&mut def_schema, &prefix, defs);
                defs.insert(format!("{prefix}.{def}"), def_schema);
            }
        }
        rewrite(&mut schema, &prefix, defs);
        alternatives.push(with_type(schema, &entry));
    }
    defs.insert(name.to_owned(), json!({ "oneOf": alternatives }));
}

/// Points `$ref`s of an entry's schema at its prefixed definitions, and turns each field that
/// names a registry into a reference to that registry's schema (added to `defs`).
fn rewrite(schema: &mut Value, prefix: &str, defs: &mut Map<String, Value>) {
    match schema {
        Value::Object(object) => {
            if let Some(registry) = object
                .get("x-registry")
                .and_then(Value::as_str)
                .and_then(directory::registry)
            {
                add_registry(registry, defs);
                *schema = nested_config(object, registry.name());
                return;
            }
            if let Some(Value::String(reference)) = object.get_mut("$ref")
                && let Some(def) = reference.strip_prefix("#/$defs/")
            {
                *reference = format!("#/$defs/{prefix}.{def}");
            }
            for value in object.values_mut() {
                rewrite(value, prefix, defs);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite(item, prefix, defs);
            }
        }
        _ => {}
    }
}

/// The schema of a field holding a config of `registry`: a dict, or a list of dicts when the
/// field's own schema allows a list, or nothing when it allows null.
fn nested_config(field: &Map<String, Value>, registry: &str) -> Value {
    let reference = json!({ "$ref": format!("#/$defs/{registry}") });
    let allows = |kind: &str| match field.get("type") {
        Some(Value::String(one)) => one == kind,
        Some(Value::Array(many)) => many.iter().any(|item| item == kind),
        _ => false,
    };
    let mut alternatives = vec![reference.clone()];
    if allows("array") {
        alternatives.push(json!({ "type": "array", "items": reference }));
    }
    if allows("null") {
        alternatives.push(json!({ "type": "null" }));
    }
    let mut schema = match alternatives.len() {
        1 => reference,
        _ => json!({ "anyOf": alternatives }),
    };
    if let (Some(description), Value::Object(object)) = (field.get("description"), &mut schema) {
        object.insert("description".into(), description.clone());
    }
    schema
}

/// An entry's config schema, selected by `type`: its name, an alias or `scope.Name`.
fn with_type(schema: Value, entry: &crate::EntryInfo) -> Value {
    let mut names: Vec<String> = entry.names().map(str::to_owned).collect();
    names.push(entry.qualified_name());
    let mut object = match schema {
        Value::Object(object) => object,
        _ => Map::new(),
    };
    object.insert("title".into(), Value::String(entry.name.to_string()));
    if !entry.doc.is_empty() {
        object.insert("description".into(), Value::String(entry.doc.to_string()));
    }
    object.remove("$schema");
    let properties = object
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(properties) = properties {
        properties.insert("type".into(), json!({ "enum": names }));
        properties.insert("_scope_".into(), json!({ "type": "string" }));
    }
    let required = object
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(required) = required {
        required.insert(0, Value::String("type".into()));
    }
    Value::Object(object)
}
