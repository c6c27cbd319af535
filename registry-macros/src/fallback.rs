//! On error: the item as written, and the errors. Emitting the item keeps every later use of
//! the struct compiling, and naming the registry keeps its import used, so the user sees the
//! real error and no cascade (thiserror's fallback).

use proc_macro2::TokenStream;
use quote::quote;
use syn::Path;

/// `item` unchanged, a use of `registry` if there is one, and `error` as `compile_error!`s.
pub fn expand(item: TokenStream, registry: Option<Path>, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    let registry = registry.map(|registry| quote! { const _: () = { let _ = &#registry; }; });
    quote! {
        #item
        #registry
        #errors
    }
}
