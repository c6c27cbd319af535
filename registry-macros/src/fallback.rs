//! On error: the item as written, and the errors. Emitting the item keeps every later use of
//! the struct compiling, so the user sees the real error and no cascade (thiserror's fallback).

use proc_macro2::TokenStream;
use quote::quote;

/// `item` unchanged, beside `error` as `compile_error!`s.
pub fn expand(item: TokenStream, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote! {
        #item
        #errors
    }
}
