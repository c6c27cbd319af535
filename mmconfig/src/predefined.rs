//! mmengine's predefined variables: `{{ fileDirname }}`, `{{ fileBasename }}`,
//! `{{ fileBasenameNoExtension }}` and `{{ fileExtname }}` in a config's strings, replaced by
//! parts of the config file's absolute, normalized path (as Python's `os.path.abspath` gives
//! it).

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// The names mmengine predefines.
const NAMES: [&str; 4] = [
    "fileDirname",
    "fileBasename",
    "fileBasenameNoExtension",
    "fileExtname",
];

/// `text` with every `{{ name }}` of a predefined variable replaced by its value for `file`.
pub(crate) fn substitute_predefined<'t>(text: &'t str, file: &Path) -> Cow<'t, str> {
    if !text.contains("{{") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let inner_and_rest = from.get(2..).unwrap_or("");
        let replaced = inner_and_rest.find("}}").and_then(|close| {
            let name = inner_and_rest.get(..close)?.trim();
            let value = NAMES.contains(&name).then(|| value_of(name, file))?;
            Some((value, close + 4))
        });
        match replaced {
            Some((value, len)) => {
                out.push_str(&value);
                rest = from.get(len..).unwrap_or("");
            }
            None => {
                out.push_str("{{");
                rest = inner_and_rest;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn value_of(name: &str, file: &Path) -> String {
    let path = absolute(file);
    let text = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = split_extension(&base);
    match name {
        "fileDirname" => path.parent().map(text).unwrap_or_default(),
        "fileBasename" => base.clone(),
        "fileBasenameNoExtension" => stem.to_owned(),
        _ => ext.to_owned(),
    }
}

/// Python's `os.path.splitext` of a file name: a leading dot does not start an extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot)
            if name
                .get(..dot)
                .is_some_and(|s| !s.trim_start_matches('.').is_empty()) =>
        {
            name.split_at(dot)
        }
        _ => (name, ""),
    }
}

/// `os.path.abspath`: joined to the working directory, `.` and `..` resolved lexically.
fn absolute(file: &Path) -> PathBuf {
    let joined = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_four_names_and_nothing_else() {
        let file = Path::new("/cfg/sub/../det/yolo_s.py");
        assert_eq!(
            substitute_predefined(
                "{{ fileDirname }}/{{fileBasename}}|{{ fileBasenameNoExtension }}|{{ fileExtname }}",
                file
            ),
            "/cfg/det/yolo_s.py|yolo_s|.py"
        );
        assert_eq!(
            substitute_predefined("{{ _base_.x }} {{ other }}", file),
            "{{ _base_.x }} {{ other }}"
        );
        assert_eq!(split_extension(".bashrc"), (".bashrc", ""));
        assert_eq!(split_extension("a.tar.gz"), ("a.tar", ".gz"));
    }
}
