//! Checking a whole config before building it: every error at once, each with its key path.

use serde_json::Value;

use crate::context::BuildContext;
use crate::directory;
use crate::error::{BuildError, BuildErrorKind};
use crate::registry::{Header, Registry};

/// How deep a schema walk may go, through `$ref`s, combinators and nested fields.
const MAX_SCHEMA_DEPTH: usize = 64;

impl<P: 'static> Registry<P> {
    /// Checks `config` and every config nested in it, and reports all the errors found: for
    /// each dict, an unknown `type`, every unknown key, then (when those are fine) the first
    /// error of building it. Parameters are created lazily, so checking allocates no weights.
    ///
    /// ```
    /// use registry_core::NORM_LAYERS;
    /// use serde_json::json;
    /// # registry_core::link!(registry_core);
    ///
    /// let error = NORM_LAYERS
    ///     .validate(&json!({"type": "GN", "num_group": 4, "epsilon": 1e-5}))
    ///     .unwrap_err();
    /// assert_eq!(error.flatten().len(), 2);
    /// ```
    pub fn validate(&self, config: &Value) -> Result<(), BuildError> {
        self.validate_in(config, &mut BuildContext::default())
    }

    /// [`validate`](Self::validate) within a larger build (device, key path, scope).
    pub fn validate_in(&self, config: &Value, ctx: &mut BuildContext) -> Result<(), BuildError> {
        let mut errors = Vec::new();
        self.validate_config(config, ctx, &mut errors);
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(BuildError::new(
                ctx.path().clone(),
                BuildErrorKind::Many(errors),
            )),
        }
    }

    /// Checks one config dict and, through its schema, the configs nested in it.
    pub(crate) fn validate_config(
        &self,
        config: &Value,
        ctx: &mut BuildContext,
        errors: &mut Vec<BuildError>,
    ) {
        let header = match Header::read(config, self.name(), ctx) {
            Ok(header) => header,
            Err(error) => return errors.push(error),
        };
        let found_before = errors.len();
        let result = ctx.descend(header.scope, |ctx| {
            let entry = self.resolve_at(header.type_name, ctx)?;
            for key in entry.unknown_keys(header.map) {
                errors.push(entry.unknown_key_error(key, ctx));
            }
            let schema = entry.schema().as_value();
            validate_nested(schema, schema, config, ctx, errors, 0);
            if errors.len() == found_before {
                entry.build(header.map, config, ctx)?;
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
}

/// Walks `schema` alongside `value`, checking the config under every field that names its
/// registry with `x-registry` (a dict, or a list of dicts).
fn validate_nested(
    root: &Value,
    schema: &Value,
    value: &Value,
    ctx: &mut BuildContext,
    errors: &mut Vec<BuildError>,
    depth: usize,
) {
    let Some(schema) = schema.as_object() else {
        return;
    };
    if depth > MAX_SCHEMA_DEPTH {
        return;
    }
    if let Some(name) = schema.get("x-registry").and_then(Value::as_str) {
        let Some(registry) = directory::registry(name) else {
            return;
        };
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    ctx.nested(index, |ctx| registry.validate_into(item, ctx, errors));
                }
            }
            Value::Null => {}
            _ => registry.validate_into(value, ctx, errors),
        }
        return;
    }
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| resolve_ref(root, reference))
    {
        validate_nested(root, target, value, ctx, errors, depth + 1);
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        for alternative in schema
            .get(combinator)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            validate_nested(root, alternative, value, ctx, errors, depth + 1);
        }
    }
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (key, property) in properties.into_iter().flatten() {
                if let Some(field) = map.get(key) {
                    ctx.nested(key.as_str(), |ctx| {
                        validate_nested(root, property, field, ctx, errors, depth + 1)
                    });
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    ctx.nested(index, |ctx| {
                        validate_nested(root, item_schema, item, ctx, errors, depth + 1)
                    });
                }
            }
        }
        _ => {}
    }
}

/// The schema `#/$defs/Name` points to in `root`.
pub(crate) fn resolve_ref<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference.strip_prefix("#/$defs/")?;
    root.get("$defs")?.get(name)
}
