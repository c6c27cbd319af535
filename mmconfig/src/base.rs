//! Loading a config file with its `_base_` files, as mmengine's `Config.fromfile` does.
//!
//! A file names its bases in `_base_` (a path or a list of paths, relative to the file). The
//! bases load first, each with its own bases; their top-level keys must not overlap; they
//! merge in order into one base dict. The file itself is then read over that dict (in Python
//! files its keys are visible as names and as `_base_.key`, and `{{_base_.a.b}}` in any format
//! is replaced by the value at `a.b`) and merged into it with [`merge`].
//!
//! ```text
//! configs/resnet/resnet50_8xb32_in1k.py
//!   _base_ = ['../_base_/models/resnet50.py', '../_base_/datasets/imagenet_bs32.py', ...]
//! ```
//!
//! Each file is read once per load (a file reached twice reuses its result). Include cycles,
//! missing files, duplicate keys among bases, and the limits on includes are errors that show
//! where each file was included from.

use std::collections::HashMap;
use std::fs;
use std::io::{ErrorKind as IoErrorKind, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use config_keypath::KeyPath;

use super::ConfigFormat;
use super::error::{ConfigError, ConfigErrorKind};
use super::formats::{self, DataFormat};
use super::limits::Limits;
use super::merge::merge;
use super::node::{Dict, Node, NodeValue, describe};
use super::python::{PythonConfig, base_list, lookup};
use super::source::Position;

/// The key that lists a config's base files.
const BASE_KEY: &str = "_base_";

/// Loads configs and their bases, remembering what it has loaded.
pub(crate) struct Loader<'a> {
    limits: &'a Limits,
    /// Results of files already loaded, by canonical path.
    done: HashMap<PathBuf, Node>,
    /// The files being loaded, outermost first: canonical path and path as shown.
    active: Vec<(PathBuf, PathBuf)>,
    /// `_base_` entries followed so far.
    includes: usize,
    /// Names that new-style files loaded so far bound by `from module import Name`.
    imported: Vec<String>,
    /// How many old-style `_base_` lists are being followed: their files must be old-style too.
    old_style_bases: usize,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(limits: &'a Limits) -> Self {
        Self {
            limits,
            done: HashMap::new(),
            active: Vec::new(),
            includes: 0,
            imported: Vec::new(),
            old_style_bases: 0,
        }
    }

    /// Loads the config file at `path` with its bases.
    pub(crate) fn load_file(&mut self, path: &Path) -> Result<Node, ConfigError> {
        let format = ConfigFormat::from_path(path).ok_or_else(|| {
            ConfigError::new(ConfigErrorKind::UnknownFormat {
                path: path.to_owned(),
            })
        })?;
        let canonical = canonical(path).map_err(ConfigError::new)?;
        self.load_canonical(path, canonical, format)
    }

    /// Loads config text that has no file: `_base_` is an error.
    pub(crate) fn load_text(
        &mut self,
        text: String,
        format: ConfigFormat,
        file: Arc<Path>,
    ) -> Result<Node, ConfigError> {
        self.check_size(text.len(), None)?;
        self.load_parsed(text, format, file, None)
    }

    fn load_canonical(
        &mut self,
        shown: &Path,
        canonical: PathBuf,
        format: ConfigFormat,
    ) -> Result<Node, ConfigError> {
        if let Some(done) = self.done.get(&canonical) {
            return Ok(done.clone());
        }
        let text = self.read(shown)?;
        self.active.push((canonical.clone(), shown.to_owned()));
        let result = self.load_parsed(text, format, Arc::from(shown), Some(shown));
        self.active.pop();
        let node = result?;
        self.done.insert(canonical, node.clone());
        Ok(node)
    }

    fn check_size(&self, size: usize, path: Option<&Path>) -> Result<(), ConfigError> {
        if size > self.limits.max_file_size {
            let what = if path.is_some() {
                "file size in bytes"
            } else {
                "text size in bytes"
            };
            let error = ConfigError::new(ConfigErrorKind::Limit {
                what,
                limit: self.limits.max_file_size,
            });
            return Err(match path {
                Some(path) => error.with_location(Some(Position::new(Arc::from(path), 1, 1))),
                None => error,
            });
        }
        Ok(())
    }

    fn read(&self, path: &Path) -> Result<String, ConfigError> {
        let io_error = |source| {
            ConfigError::new(ConfigErrorKind::Io {
                path: path.to_owned(),
                source,
            })
        };
        let file = fs::File::open(path).map_err(io_error)?;
        let mut text = String::new();
        let limit = u64::try_from(self.limits.max_file_size)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        file.take(limit)
            .read_to_string(&mut text)
            .map_err(io_error)?;
        self.check_size(text.len(), Some(path))?;
        Ok(text)
    }

    /// A Python config's bases and own values: old-style (`_base_` merged under it) or
    /// new-style (`with read_base():` imports), never both in one chain.
    fn load_python(
        &mut self,
        text: String,
        file: Arc<Path>,
        path: Option<&Path>,
    ) -> Result<(Option<Node>, Node), ConfigError> {
        let config = PythonConfig::parse(text, file, self.limits)?;
        if let Some(at) = config
            .first_new_style()
            .filter(|_| self.old_style_bases > 0)
        {
            return Err(ConfigError::at(
                ConfigErrorKind::Value(
                    "a file included through `_base_` must be an old-style config too: \
                     `with read_base():` and `from ... import` belong to new-style configs, \
                     which mmengine does not mix with `_base_`"
                        .into(),
                ),
                at,
            ));
        }
        if config.is_new_style() {
            return Ok((None, self.load_new_style(&config, path)?));
        }
        let entries = config.bases(self.limits)?;
        self.old_style_bases += 1;
        let bases = self.load_bases(entries, path);
        self.old_style_bases -= 1;
        let bases = bases?;
        let evaluated = config.evaluate(bases.as_ref(), self.limits)?;
        let (kind, loc) = evaluated.own.into_parts();
        let own = match kind {
            NodeValue::Dict(mut entries) => {
                entries.retain(|name, _| !evaluated.imported.contains(name));
                Node::dict(entries, loc)
            }
            other => Node::from_kind(other, loc),
        };
        Ok((evaluated.changed_base.or(bases), own))
    }

    /// Reads a file's text: its bases, then itself over them.
    fn load_parsed(
        &mut self,
        text: String,
        format: ConfigFormat,
        file: Arc<Path>,
        path: Option<&Path>,
    ) -> Result<Node, ConfigError> {
        let data_format = match format {
            ConfigFormat::Python => None,
            ConfigFormat::Json => Some(DataFormat::Json),
            ConfigFormat::Yaml => Some(DataFormat::Yaml),
            ConfigFormat::Toml => Some(DataFormat::Toml),
        };
        let (bases, own) = match data_format {
            None => self.load_python(text, file.clone(), path)?,
            Some(data_format) => {
                let root = formats::parse(data_format, &text, file.clone(), self.limits)?;
                let (kind, loc) = root.into_parts();
                let NodeValue::Dict(mut entries) = kind else {
                    return Err(ConfigError::at(
                        ConfigErrorKind::Value(format!(
                            "a config must be a dict at the top level, not {}",
                            describe(&kind)
                        )),
                        loc.unwrap_or_else(|| Position::new(file, 1, 1)),
                    ));
                };
                let base_entry = entries.shift_remove(BASE_KEY);
                let own = Node::dict(entries, loc);
                let bases = match base_entry {
                    Some(entry) => {
                        let entries = base_list(entry)?;
                        self.old_style_bases += 1;
                        let bases = self.load_bases(entries, path);
                        self.old_style_bases -= 1;
                        bases?
                    }
                    None => None,
                };
                let mut budget = Budget {
                    used: 0,
                    limit: self.limits.max_values,
                };
                let own = substitute(own, bases.as_ref(), &mut KeyPath::root(), &mut budget)?;
                (bases, own)
            }
        };
        let own = drop_private_keys(own);
        let merged = match bases {
            Some(bases) => merge(own, bases, &KeyPath::root())?,
            None => own,
        };
        if merged.size() > self.limits.max_values {
            return Err(ConfigError::new(ConfigErrorKind::Limit {
                what: "the number of values",
                limit: self.limits.max_values,
            })
            .with_location(merged.loc.clone()));
        }
        Ok(merged)
    }

    /// A new-style config: each `read_base()` file's variables, then the file's own, as
    /// Python's `from .base import *` and assignments leave them (no merging of dicts).
    fn load_new_style(
        &mut self,
        config: &PythonConfig,
        path: Option<&Path>,
    ) -> Result<Node, ConfigError> {
        if let Some((_, site)) = config.bases(self.limits)?.into_iter().next() {
            let message = "a new-style config (with `with read_base():` or `from module import Name`) cannot also have `_base_`";
            return Err(ConfigError::at(
                ConfigErrorKind::Value(message.into()),
                site,
            ));
        }
        let mut variables = Dict::new();
        let mut first_site = None;
        for (name, site) in config.read_bases() {
            let Some(path) = path else {
                let message = "`read_base()` needs a config file: text loaded from a string cannot include files";
                return Err(ConfigError::at(
                    ConfigErrorKind::Value(message.into()),
                    site,
                ));
            };
            if let NodeValue::Dict(entries) = self.include(path, &name, &site)?.into_kind() {
                variables.extend(entries);
            }
            first_site.get_or_insert(site);
        }
        let bases = Node::dict(variables, first_site);
        let evaluated = config.evaluate(Some(&bases), self.limits)?;
        self.imported.extend(evaluated.imported);
        let (own, loc) = evaluated.own.into_parts();
        let (NodeValue::Dict(mut result), NodeValue::Dict(own)) = (bases.into_kind(), own) else {
            return Err(ConfigError::new(ConfigErrorKind::Value(
                "a config must be a dict".into(),
            )));
        };
        result.extend(own);
        // Imported names stay visible to the files that import this one, but not in the
        // config itself (mmengine's `to_dict` leaves out every file's imported names).
        if self.active.len() <= 1 {
            result.retain(|name, _| !self.imported.contains(name));
        }
        Ok(Node::dict(result, loc))
    }

    /// Loads the files `entries` names (relative to `path`) and merges them into one dict;
    /// `None` when there are none.
    fn load_bases(
        &mut self,
        entries: Vec<(String, Position)>,
        path: Option<&Path>,
    ) -> Result<Option<Node>, ConfigError> {
        if entries.is_empty() {
            return Ok(None);
        }
        let mut merged = Dict::new();
        let mut first_site = None;
        for (name, site) in entries {
            let Some(path) = path else {
                return Err(ConfigError::at(
                    ConfigErrorKind::Value("`_base_` needs a config file: text loaded from a string cannot include files".into()),
                    site,
                ));
            };
            let base = self.include(path, &name, &site)?;
            let (kind, _) = base.into_parts();
            let NodeValue::Dict(entries) = kind else {
                continue;
            };
            for (key, value) in entries {
                if let Some(first) = merged.get(&key) {
                    let first = first.loc.clone().unwrap_or_else(|| site.clone());
                    let second = resolve(path, &name);
                    return Err(ConfigError::at(
                        ConfigErrorKind::DuplicateBaseKey {
                            key: key.clone(),
                            first,
                            second,
                        },
                        site,
                    )
                    .with_key(KeyPath::root().key(key)));
                }
                merged.insert(key, value);
            }
            first_site.get_or_insert(site);
        }
        Ok(Some(Node::dict(merged, first_site)))
    }

    /// Follows one `_base_` entry, `name`, written at `site` in the file `from`.
    fn include(&mut self, from: &Path, name: &str, site: &Position) -> Result<Node, ConfigError> {
        let at = |kind| ConfigError::at(kind, site.clone());
        self.includes += 1;
        if self.includes > self.limits.max_includes {
            return Err(at(ConfigErrorKind::Limit {
                what: "the number of `_base_` includes",
                limit: self.limits.max_includes,
            }));
        }
        if self.active.len() >= self.limits.max_include_depth {
            return Err(at(ConfigErrorKind::Limit {
                what: "the depth of `_base_` includes",
                limit: self.limits.max_include_depth,
            }));
        }
        if name.contains("::") {
            return Err(at(ConfigErrorKind::Unsupported(format!(
                "a package-scoped base `{name}`"
            ))));
        }
        let path = resolve(from, name);
        let format = ConfigFormat::from_path(&path)
            .ok_or_else(|| at(ConfigErrorKind::UnknownFormat { path: path.clone() }))?;
        let canonical = canonical(&path).map_err(at)?;
        if let Some(start) = self
            .active
            .iter()
            .position(|(active, _)| *active == canonical)
        {
            let mut cycle: Vec<PathBuf> = self
                .active
                .get(start..)
                .unwrap_or(&[])
                .iter()
                .map(|(_, shown)| shown.clone())
                .collect();
            cycle.push(path);
            return Err(at(ConfigErrorKind::IncludeCycle(cycle)));
        }
        self.load_canonical(&path, canonical, format)
            .map_err(|error| error.included_from(site.clone()))
    }
}

/// The canonical path of an existing file, or why there is none.
fn canonical(path: &Path) -> Result<PathBuf, ConfigErrorKind> {
    fs::canonicalize(path).map_err(|source| match source.kind() {
        IoErrorKind::NotFound => ConfigErrorKind::NotFound {
            path: path.to_owned(),
        },
        _ => ConfigErrorKind::Io {
            path: path.to_owned(),
            source,
        },
    })
}

/// `name` relative to the directory of `from`, with `.` and `..` folded where possible.
fn resolve(from: &Path, name: &str) -> PathBuf {
    let joined = from.parent().unwrap_or(Path::new("")).join(name);
    let mut parts: Vec<Component> = Vec::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// Keys starting with `__` are not config keys (mmengine drops them).
fn drop_private_keys(node: Node) -> Node {
    let (kind, loc) = node.into_parts();
    match kind {
        NodeValue::Dict(mut entries) => {
            entries.retain(|key, _| !key.starts_with("__"));
            Node::dict(entries, loc)
        }
        other => Node::from_kind(other, loc),
    }
}

/// Values created by substitutions, against the limit.
struct Budget {
    used: usize,
    limit: usize,
}

/// Replaces every string that is exactly `{{_base_.a.b}}` by the value at `a.b` in `bases`.
fn substitute(
    node: Node,
    bases: Option<&Node>,
    path: &mut KeyPath,
    budget: &mut Budget,
) -> Result<Node, ConfigError> {
    let (kind, loc) = node.into_parts();
    match kind {
        NodeValue::Str(text) => {
            let Some(reference) = formats::base_reference(&text) else {
                return Ok(Node::string(text, loc));
            };
            let dotted = format!("_base_.{}", reference.join("."));
            let error = |reason: String| {
                ConfigError::new(ConfigErrorKind::BaseReference {
                    path: dotted.clone(),
                    reason,
                })
                .with_location(loc.clone())
                .with_key(path.clone())
            };
            let bases = bases.ok_or_else(|| error("; this config has no `_base_` files".into()))?;
            let value = lookup(bases, &reference).map_err(error)?;
            budget.used = budget.used.saturating_add(value.size());
            if budget.used > budget.limit {
                return Err(ConfigError::new(ConfigErrorKind::Limit {
                    what: "the number of values",
                    limit: budget.limit,
                })
                .with_location(loc));
            }
            Ok(value.clone())
        }
        NodeValue::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                path.push(index.into());
                let item = substitute(item, bases, path, budget);
                path.pop();
                out.push(item?);
            }
            Ok(Node::list(out, loc))
        }
        NodeValue::Dict(entries) => {
            let mut out = Dict::with_capacity(entries.len());
            for (key, value) in entries {
                path.push(key.as_str().into());
                let value = substitute(value, bases, path, budget);
                path.pop();
                out.insert(key, value?);
            }
            Ok(Node::dict(out, loc))
        }
        scalar => Ok(Node::scalar(scalar, loc)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths_lexically() {
        let from = Path::new("configs/resnet/a.py");
        assert_eq!(
            resolve(from, "../_base_/models/r.py"),
            Path::new("configs/_base_/models/r.py")
        );
        assert_eq!(resolve(from, "./b.py"), Path::new("configs/resnet/b.py"));
        assert_eq!(resolve(Path::new("a.py"), "../x.py"), Path::new("../x.py"));
    }
}
