//! What `#[register_module]` expands to reaches the runtime only through here. Not public API.

use std::borrow::Cow;

pub use burn;
pub use ctor;

use crate::buildable::{Buildable, Upcast};
use crate::directory;
use crate::entry::{Entry, EntryInfo, Location};
use crate::registry::Registry;

/// What the attribute knows about one registration, all of it static.
pub struct Registration {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub scope: &'static str,
    pub type_path: &'static str,
    pub file: &'static str,
    pub line: u32,
    pub doc: &'static str,
    pub force: bool,
}

/// Registers `T` in `registry` at start-up. Never panics: it runs before `main`.
pub fn register<T, P>(registry: &'static Registry<P>, registration: Registration)
where
    T: Buildable,
    P: Upcast<T>,
{
    let info = EntryInfo {
        name: Cow::Borrowed(registration.name),
        aliases: registration
            .aliases
            .iter()
            .copied()
            .map(Cow::Borrowed)
            .collect(),
        scope: Cow::Borrowed(registration.scope),
        type_path: Cow::Borrowed(registration.type_path),
        location: Location {
            file: Cow::Borrowed(registration.file),
            line: registration.line,
        },
        doc: Cow::Borrowed(registration.doc),
        force: registration.force,
    };
    registry.insert(Entry::of::<T>(info));
    directory::enroll(registry);
}
