//! [`register!`]: registers a type this crate does not own (Burn's own layers) exactly as
//! `#[register_module]` registers a struct, since the attribute cannot be put on a foreign type.

/// Registers `$ty` in `$registry` at start-up, under `$name` and its aliases.
///
/// Expands to what `#[register_module]` expands to (see `registry-macros/src/expand.rs`): a
/// start-up constructor calling [`crate::__private::register`] with the registration's metadata.
macro_rules! register {
    (
        $registry:ident, $ty:ty, $type_path:literal,
        name = $name:literal,
        aliases = [$($alias:literal),* $(,)?],
        doc = $doc:literal $(,)?
    ) => {
        const _: () = {
            $crate::__private::ctor::declarative::ctor! {
                #[ctor(unsafe, anonymous, crate_path = $crate::__private::ctor)]
                fn register() {
                    $crate::__private::register::<$ty, _>(
                        &$crate::$registry,
                        $crate::__private::Registration {
                            name: $name,
                            aliases: &[$($alias),*],
                            scope: ::core::env!("CARGO_CRATE_NAME"),
                            type_path: $type_path,
                            file: ::core::file!(),
                            line: ::core::line!(),
                            doc: $doc,
                            force: false,
                        },
                    );
                }
            }
        };
    };
}

pub(crate) use register;
