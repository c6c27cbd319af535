//! "Did you mean": registered names close to a misspelt one.

/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 3;

/// The names among `candidates` within a small edit distance of `target`, ignoring case,
/// closest first.
///
/// ```
/// # use registry_core::__private::closest_names;
/// let names = ["ResNet", "ResNetV1c", "ResNeXt", "SEResNet", "LinearClsHead"];
/// assert_eq!(closest_names("resnt", names), ["ResNet", "ResNeXt"]);
/// assert_eq!(closest_names("RESNET", names)[0], "ResNet");
/// assert!(closest_names("Transformer", names).is_empty());
/// ```
pub fn closest_names<'a>(
    target: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let target = target.to_lowercase();
    let budget = (target.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|name| (strsim::levenshtein(&target, &name.to_lowercase()), name))
        .filter(|&(distance, _)| distance <= budget)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, name)| name.to_owned())
        .collect()
}
