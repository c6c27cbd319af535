//! [`register!`]: registers a type this crate does not own (Burn's own layers) exactly as
//! `#[register_module]` registers a struct, since the attribute cannot be put on a foreign type.

/// Registers `$ty` in `$registry` at start-up, under `$name` and its aliases.
///
/// Expands, as `#[register_module]` does, to [`register_at_startup!`](crate::__private::register_at_startup).
macro_rules! register {
    (
        $registry:ident, $ty:ty, $type_path:literal,
        name = $name:literal,
        aliases = [$($alias:literal),* $(,)?],
        doc = $doc:literal $(,)?
    ) => {
        $crate::__private::register_at_startup!(
            $crate::__private::register::<$ty, _>,
            $crate::$registry,
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
    };
}

pub(crate) use register;
