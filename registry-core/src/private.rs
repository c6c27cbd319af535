//! What `#[register_module]` expands to reaches the runtime only through here. Not public API.

use std::borrow::Cow;

pub use burn;
pub use ctor;

use crate::buildable::{Buildable, Upcast};
use crate::directory;
use crate::entry::{CodeLocation, Entry, EntryInfo};
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

/// Runs `$register(&$registry, $registration)` at start-up, from a `ctor` constructor: the one
/// expansion of `#[register_module]` and of registry-core's own registrations of Burn's layers.
#[doc(hidden)]
#[macro_export]
macro_rules! __register_at_startup {
    ($register:expr, $registry:expr, $registration:expr $(,)?) => {
        const _: () = {
            $crate::__private::ctor::declarative::ctor! {
                #[ctor(unsafe, anonymous, crate_path = $crate::__private::ctor)]
                fn register() {
                    $register(&$registry, $registration);
                }
            }
        };
    };
}
pub use __register_at_startup as register_at_startup;

/// Registers `T` in `registry`. Never panics: it runs before `main`.
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
        location: CodeLocation {
            file: Cow::Borrowed(registration.file),
            line: registration.line,
        },
        doc: Cow::Borrowed(registration.doc),
        force: registration.force,
    };
    registry.insert(Entry::of::<T>(info));
    directory::enroll(registry);
}
