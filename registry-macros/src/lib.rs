//! The `#[register_module]` attribute. Use it through `registry_core::register_module`: the
//! code it generates reaches the runtime only through `registry_core::__private`.
//!
//! One module per step, as thiserror's macro crate: `ast` reads the annotated item, `attr`
//! the attribute's arguments, `valid` checks what the two say together, `expand` writes
//! the registration, and `fallback` re-emits the item beside the errors when anything is
//! wrong, so the user sees the real error and no cascade. Errors are gathered in a `ctxt::Ctxt`
//! and reported together, each spanned on the offending token.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod valid;

use proc_macro::TokenStream;

/// Registers a struct in a registry, e.g. `#[register_module(BACKBONES, name = "ResNet")]`.
/// See `registry_core::register_module` for the documentation.
#[proc_macro_attribute]
pub fn register_module(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let item = proc_macro2::TokenStream::from(item);
    let ctxt = ctxt::Ctxt::new();
    let attr = attr::Attr::parse(&ctxt, args);
    let input = ast::Input::parse(&ctxt, &item);
    let registry = attr.as_ref().map(|attr| attr.registry.clone());
    let parsed = attr.zip(input);
    if let Some((attr, input)) = &parsed {
        valid::check(&ctxt, attr, input);
    }
    match ctxt.check() {
        Err(error) => fallback::expand(item, registry, error).into(),
        Ok(()) => match parsed {
            Some((attr, input)) => expand::registration(&attr, &input, item).into(),
            // A step that returns nothing records why, so `ctxt.check()` failed above.
            None => item.into(),
        },
    }
}
