//! [`link!`](crate::link): keep a registering crate in the binary.

/// Links crates whose registrations this binary needs but whose items it never names.
///
/// Rust only links a dependency that the code refers to; a crate used solely for the entries
/// it registers would be left out, and its registrations would silently vanish. `link!` names
/// each crate, so it is linked and every registration in it runs. Write it once, in the binary
/// (or in a library every such binary uses):
///
/// ```
/// registry_core::link!(registry_core);
/// ```
#[macro_export]
macro_rules! link {
    ($($krate:ident),+ $(,)?) => {
        $(
            #[allow(unused_extern_crates)]
            extern crate $krate as _;
        )+
    };
}
