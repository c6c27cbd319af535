//! "Did you mean": registered names close to a misspelt one.

use std::cmp::Reverse;

/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 3;

/// A registered name and the name of the entry it belongs to (itself, or the entry an alias
/// stands for).
pub(crate) struct KnownName {
    pub(crate) name: String,
    pub(crate) entry: String,
}

/// The entries to suggest for `target`: those with a name (or alias) within a small edit
/// distance of it, ignoring case, closest first, each entry once under its own name.
pub(crate) fn suggest(target: &str, known: &[KnownName]) -> Vec<String> {
    let target = target.to_lowercase();
    let length = target.chars().count();
    let budget = (length / 3).max(2);
    // Closest first; among equally close names, the one sharing the longest prefix.
    let mut scored: Vec<(usize, Reverse<usize>, &str)> = known
        .iter()
        // The edit distance is at least the difference in length: skip the hopeless (and a
        // megabyte name) before computing it.
        .filter(|known| known.name.chars().count().abs_diff(length) <= budget)
        .map(|known| {
            let name = known.name.to_lowercase();
            let distance = strsim::levenshtein(&target, &name);
            let prefix = target
                .chars()
                .zip(name.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (distance, Reverse(prefix), known.entry.as_str())
        })
        .filter(|&(distance, _, _)| distance <= budget)
        .collect();
    scored.sort();
    let mut suggestions: Vec<String> = Vec::new();
    for (_, _, entry) in scored {
        if suggestions.len() == MAX_SUGGESTIONS {
            break;
        }
        if !suggestions.iter().any(|known| known == entry) {
            suggestions.push(entry.to_owned());
        }
    }
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(pairs: &[(&str, &str)]) -> Vec<KnownName> {
        pairs
            .iter()
            .map(|(name, entry)| KnownName {
                name: (*name).into(),
                entry: (*entry).into(),
            })
            .collect()
    }

    #[test]
    fn suggests_close_names_closest_first_ignoring_case() {
        let names = known(&[
            ("ResNet", "ResNet"),
            ("ResNetV1c", "ResNetV1c"),
            ("ResNeXt", "ResNeXt"),
            ("SEResNet", "SEResNet"),
            ("LinearClsHead", "LinearClsHead"),
        ]);
        assert_eq!(suggest("resnt", &names), ["ResNet", "ResNeXt"]);
        assert_eq!(suggest("RESNET", &names)[0], "ResNet");
        assert!(suggest("Transformer", &names).is_empty());
        assert_eq!(suggest("ResNett", &names), ["ResNet", "ResNeXt"]);
    }

    #[test]
    fn suggests_an_entry_once_under_its_own_name() {
        let names = known(&[("Number", "Number"), ("Num", "Number"), ("N", "Number")]);
        assert_eq!(suggest("Numbr", &names), ["Number"]);
        assert_eq!(suggest("Nm", &names), ["Number"]);
    }

    #[test]
    fn suggests_at_most_three() {
        let names = known(&[("Aa", "Aa"), ("Ab", "Ab"), ("Ac", "Ac"), ("Ad", "Ad")]);
        assert_eq!(suggest("A", &names).len(), MAX_SUGGESTIONS);
    }
}
