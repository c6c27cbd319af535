//! A registry shown as a table, like mmengine's `Registry.__repr__`.

use std::fmt;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use crate::entry::EntryInfo;
use crate::registry::Registry;

/// The entries as a table: name, aliases, scope, type and location.
pub fn entries_table(entries: &[EntryInfo]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(["Name", "Aliases", "Scope", "Type", "Location"]);
    for entry in entries {
        table.add_row([
            entry.name.to_string(),
            entry.aliases.join(", "),
            entry.scope.to_string(),
            entry.type_path.to_string(),
            entry.location.to_string(),
        ]);
    }
    table
}

impl<P> fmt::Display for Registry<P> {
    /// ```
    /// let shown = registry_core::BACKBONES.to_string();
    /// assert!(shown.starts_with("Registry of BACKBONES"));
    /// assert!(shown.contains("Name") && shown.contains("Location"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries = self.entries();
        writeln!(f, "Registry of {} ({} entries)", self.name(), entries.len())?;
        write!(f, "{}", entries_table(&entries))
    }
}
