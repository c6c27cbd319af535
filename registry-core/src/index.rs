//! The lookup index of one registry: which entries are live, under which names, and which
//! registrations conflict. Rebuilt after registrations change, shared read-only by lookups.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::entry::Entry;
use crate::error::{BuildErrorKind, Conflict};

/// A snapshot of a registry's entries, indexed for lookup.
pub(crate) struct Index<P> {
    /// Entries not replaced by a forced one, in registration order (listings sort them; the
    /// index is built before the first build, so it does not).
    pub(crate) live: Vec<Arc<Entry<P>>>,
    /// Every name and alias → positions in `live`.
    by_name: HashMap<Cow<'static, str>, Vec<usize>>,
    /// Registrations that clash.
    pub(crate) conflicts: Vec<Conflict>,
}

/// Which conflicting pair of registrations (positions in the registration order) and the name.
struct Clash {
    first: usize,
    second: usize,
    name: String,
}

impl Clash {
    fn into_conflict<P>(self, registry: &'static str, entries: &[Arc<Entry<P>>]) -> Conflict {
        Conflict {
            registry,
            name: self.name,
            first: entries[self.first].info.location.clone(),
            second: entries[self.second].info.location.clone(),
        }
    }
}

impl<P> Index<P> {
    /// Indexes `entries` (in registration order) of the registry called `registry`.
    pub(crate) fn build(registry: &'static str, entries: &[Arc<Entry<P>>]) -> Self {
        let conflicts = clashes(entries)
            .into_iter()
            .map(|clash| clash.into_conflict(registry, entries))
            .collect();
        let live: Vec<Arc<Entry<P>>> = survivors(entries).cloned().collect();
        let mut by_name: HashMap<Cow<'static, str>, Vec<usize>> = HashMap::default();
        by_name.reserve(live.len());
        for (position, entry) in live.iter().enumerate() {
            let info = &entry.info;
            // Registered names are `'static` (borrowed): cloning them allocates nothing.
            for name in std::iter::once(&info.name).chain(&info.aliases) {
                let positions = by_name.entry(name.clone()).or_default();
                if !positions.contains(&position) {
                    positions.push(position);
                }
            }
        }
        Self {
            live,
            by_name,
            conflicts,
        }
    }

    /// Finds `name` here: in `scope` if given, else preferring `default_scope`, else the only
    /// candidate. `Ok(None)` when this registry has no such name.
    pub(crate) fn find(
        &self,
        registry: &'static str,
        scope: Option<&str>,
        name: &str,
        default_scope: Option<&str>,
    ) -> Result<Option<&Arc<Entry<P>>>, BuildErrorKind> {
        let mut matching = self
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&position| &self.live[position])
            .filter(|entry| scope.is_none_or(|scope| entry.info.scope == scope));
        // The common case, one match, without collecting.
        let Some(first) = matching.next() else {
            return Ok(None);
        };
        let Some(second) = matching.next() else {
            return Ok(Some(first));
        };
        let mut many: Vec<&Arc<Entry<P>>> = [first, second].into_iter().chain(matching).collect();
        many.sort_by(|a, b| a.info.scope.cmp(&b.info.scope));
        if let Some(preferred) =
            default_scope.and_then(|default| many.iter().find(|entry| entry.info.scope == default))
        {
            return Ok(Some(preferred));
        }
        Err(BuildErrorKind::Ambiguous {
            name: name.to_owned(),
            registry,
            candidates: many
                .iter()
                .map(|entry| {
                    format!(
                        "`{}` ({})",
                        entry.info.qualified_name(),
                        entry.info.location
                    )
                })
                .collect(),
        })
    }

    /// An error listing the conflicts, if registrations clash here.
    pub(crate) fn refuse_conflicts(&self) -> Result<(), BuildErrorKind> {
        match self.conflicts.as_slice() {
            [] => Ok(()),
            conflicts => Err(BuildErrorKind::Duplicate(conflicts.to_vec())),
        }
    }

    /// Every name and alias, for suggestions.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(AsRef::as_ref)
    }

    /// The entry name `name` (a name or an alias) stands for: itself when it is ambiguous.
    pub(crate) fn canonical(&self, name: &str) -> String {
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([position]) => self.live[*position].info.name.to_string(),
            _ => name.to_owned(),
        }
    }

    /// The scopes that registered something here, sorted.
    pub(crate) fn scopes(&self) -> Vec<String> {
        let mut scopes: Vec<String> = self
            .live
            .iter()
            .map(|entry| entry.info.scope.to_string())
            .collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }
}

/// Entries that no forced entry replaces, plus the forced ones.
fn survivors<P>(entries: &[Arc<Entry<P>>]) -> impl Iterator<Item = &Arc<Entry<P>>> {
    let forced_names: Vec<&str> = entries
        .iter()
        .filter(|entry| entry.info.force)
        .flat_map(|entry| entry.info.names())
        .collect();
    entries.iter().filter(move |entry| {
        entry.info.force || !entry.info.names().any(|name| forced_names.contains(&name))
    })
}

/// Pairs of registrations that claim one name without one deliberately replacing the other:
/// two unforced entries of one scope, or two forced entries of any scopes.
fn clashes<P>(entries: &[Arc<Entry<P>>]) -> Vec<Clash> {
    let mut first_claim: HashMap<(&str, &str, bool), usize> = HashMap::default();
    first_claim.reserve(entries.len());
    let mut found = Vec::new();
    for (position, entry) in entries.iter().enumerate() {
        let info = &entry.info;
        // Forced entries compete across scopes; unforced ones only within their scope.
        let scope: &str = if info.force { "" } else { &info.scope };
        let mut names: Vec<&str> = info.names().collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            match first_claim.get(&(scope, name, info.force)) {
                Some(&first) => found.push(Clash {
                    first,
                    second: position,
                    name: name.to_owned(),
                }),
                None => {
                    first_claim.insert((scope, name, info.force), position);
                }
            }
        }
    }
    found
}

/// Whether registering `entries[last]` (the newest) introduced a conflict.
pub(crate) fn newest_conflicts<P>(
    registry: &'static str,
    entries: &[Arc<Entry<P>>],
) -> Vec<Conflict> {
    let newest = entries.len().saturating_sub(1);
    clashes(entries)
        .into_iter()
        .filter(|clash| clash.second == newest)
        .map(|clash| clash.into_conflict(registry, entries))
        .collect()
}
