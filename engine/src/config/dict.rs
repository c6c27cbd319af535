//! [`Dict`]: reads one dict of the config, with the key path in every error, and remembers which
//! keys were read so that the others can be reported as not honoured.

use std::cell::RefCell;
use std::collections::BTreeSet;

use anyhow::{anyhow, bail};
use registry_core::KeyPath;
use serde_json::{Map, Value};

use super::notes::Notes;

/// A dict of the config being read. A `null` value reads as an absent key, as `None` in a
/// Python config.
#[derive(Debug)]
pub struct Dict<'a> {
    map: &'a Map<String, Value>,
    path: KeyPath,
    read: RefCell<BTreeSet<&'a str>>,
}

impl<'a> Dict<'a> {
    /// The dict `value`, found at `path`; an error if it is not a dict.
    pub fn new(value: &'a Value, path: KeyPath) -> anyhow::Result<Self> {
        match value {
            Value::Object(map) => Ok(Self {
                map,
                path,
                read: RefCell::default(),
            }),
            other => bail!("{path}: expected a dict, got {}", describe(other)),
        }
    }

    /// The path of `key` in this dict.
    pub fn path_of(&self, key: &str) -> KeyPath {
        self.path.clone().key(key)
    }

    /// The value of `key`, if present and not `null`; marks it read.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        let (key, value) = self.map.get_key_value(key)?;
        self.read.borrow_mut().insert(key.as_str());
        (!value.is_null()).then_some(value)
    }

    /// The string at `key`.
    pub fn string(&self, key: &str) -> anyhow::Result<Option<&'a str>> {
        self.get(key)
            .map(|value| {
                value
                    .as_str()
                    .ok_or_else(|| self.wrong(key, "a string", value))
            })
            .transpose()
    }

    /// The number at `key`.
    pub fn number(&self, key: &str) -> anyhow::Result<Option<f64>> {
        self.get(key)
            .map(|value| {
                value
                    .as_f64()
                    .ok_or_else(|| self.wrong(key, "a number", value))
            })
            .transpose()
    }

    /// The whole number (at least 0) at `key`.
    pub fn count(&self, key: &str) -> anyhow::Result<Option<usize>> {
        self.get(key)
            .map(|value| self.to_count(key, value))
            .transpose()
    }

    /// The boolean at `key`.
    pub fn flag(&self, key: &str) -> anyhow::Result<Option<bool>> {
        self.get(key)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.wrong(key, "True or False", value))
            })
            .transpose()
    }

    /// The list of numbers at `key` (a Python tuple or list).
    pub fn numbers(&self, key: &str) -> anyhow::Result<Option<Vec<f64>>> {
        self.get(key)
            .map(|value| {
                value
                    .as_array()
                    .and_then(|items| items.iter().map(Value::as_f64).collect())
                    .ok_or_else(|| self.wrong(key, "a list of numbers", value))
            })
            .transpose()
    }

    /// The list of whole numbers at `key`.
    pub fn counts(&self, key: &str) -> anyhow::Result<Option<Vec<usize>>> {
        self.get(key)
            .map(|value| {
                let items = value
                    .as_array()
                    .ok_or_else(|| self.wrong(key, "a list of whole numbers", value))?;
                items.iter().map(|item| self.to_count(key, item)).collect()
            })
            .transpose()
    }

    /// Reports every key not read so far as not honoured, with `reason`.
    pub fn report_unread(&self, notes: &mut Notes, reason: &str) {
        let read = self.read.borrow();
        for key in self.map.keys() {
            if !read.contains(key.as_str()) {
                notes.unhonoured(self.path_of(key).to_string(), reason);
            }
        }
    }

    fn to_count(&self, key: &str, value: &Value) -> anyhow::Result<usize> {
        value
            .as_u64()
            .and_then(|count| usize::try_from(count).ok())
            .ok_or_else(|| self.wrong(key, "a whole number (0 or more)", value))
    }

    fn wrong(&self, key: &str, expected: &str, value: &Value) -> anyhow::Error {
        anyhow!(
            "{}: expected {expected}, got {}",
            self.path_of(key),
            describe(value)
        )
    }
}

/// A value as an error message quotes it.
fn describe(value: &Value) -> String {
    match value {
        Value::Object(_) => "a dict".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_typed_values_and_reports_the_rest() {
        let value = json!({"lr": 0.1, "milestones": [3, 6], "nesterov": true, "foreach": null,
                           "paramwise_cfg": {}});
        let dict = Dict::new(&value, KeyPath::root().key("optimizer")).unwrap();
        assert_eq!(dict.number("lr").unwrap(), Some(0.1));
        assert_eq!(dict.counts("milestones").unwrap(), Some(vec![3, 6]));
        assert_eq!(dict.flag("nesterov").unwrap(), Some(true));
        assert_eq!(dict.number("foreach").unwrap(), None);
        assert_eq!(dict.number("momentum").unwrap(), None);
        let mut notes = Notes::default();
        dict.report_unread(&mut notes, "not mapped");
        let paths: Vec<_> = notes.all().iter().map(|note| note.path.as_str()).collect();
        assert_eq!(paths, ["optimizer.paramwise_cfg"]);
    }

    #[test]
    fn wrong_types_name_the_key() {
        let value = json!({"lr": "fast", "milestones": [1, -2]});
        let dict = Dict::new(&value, KeyPath::root().key("optimizer")).unwrap();
        assert_eq!(
            dict.number("lr").unwrap_err().to_string(),
            "optimizer.lr: expected a number, got `\"fast\"`"
        );
        assert_eq!(
            dict.counts("milestones").unwrap_err().to_string(),
            "optimizer.milestones: expected a whole number (0 or more), got `-2`"
        );
        let error = Dict::new(&json!([1]), KeyPath::root().key("x")).unwrap_err();
        assert_eq!(error.to_string(), "x: expected a dict, got a list");
    }
}
