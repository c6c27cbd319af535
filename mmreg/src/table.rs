//! Registry entries shown as a table, like mmengine's `Registry.__repr__`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use registry_core::EntryInfo;

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
