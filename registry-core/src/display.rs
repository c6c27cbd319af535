//! A registry as text: one line per entry, as mmengine's `Registry.__repr__` lists them.

use std::fmt;

use crate::registry::Registry;

impl<P> fmt::Display for Registry<P> {
    /// The name and entry count, then per entry its name, aliases, scope, Rust type and where
    /// it was registered. `mmreg list` shows the same as a table.
    ///
    /// ```
    /// let shown = registry_core::NORM_LAYERS.to_string();
    /// assert!(shown.starts_with("Registry of NORM_LAYERS"));
    /// let bn = shown.lines().find(|line| line.trim_start().starts_with("BN ")).unwrap();
    /// assert!(bn.contains("aliases: BN2d") && bn.contains("registry_core"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries = self.entries();
        write!(f, "Registry of {} ({} entries)", self.name(), entries.len())?;
        for entry in &entries {
            write!(f, "\n  {}", entry.name)?;
            if !entry.aliases.is_empty() {
                write!(f, " (aliases: {})", entry.aliases.join(", "))?;
            }
            write!(
                f,
                " — {} {} at {}",
                entry.scope, entry.type_path, entry.location
            )?;
        }
        Ok(())
    }
}
