//! The registration: a start-up constructor that adds the struct to its registry.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use crate::ast::Input;
use crate::attr::Attr;

/// The item, unchanged, followed by its registration.
pub fn registration(attr: &Attr, input: &Input, item: TokenStream) -> TokenStream {
    let ident = &input.ident;
    let registry = &attr.registry;
    let name = match &attr.name {
        Some(name) => name.value(),
        None => ident.to_string().trim_start_matches("r#").to_owned(),
    };
    let aliases = &attr.aliases;
    let force = attr.force.as_ref().is_some_and(|force| force.value);
    let doc = &input.doc;
    let type_name = ident.to_string();
    // Spanned on the registry and the type, so that a wrong registry or a type missing a trait
    // is reported on the token the user wrote.
    let register = quote_spanned! {registry_span(attr)=>
        ::registry_core::__private::register::<#ident, _>
    };
    let line = quote_spanned! {ident.span()=> ::core::line!()};
    quote! {
        #item

        ::registry_core::__private::register_at_startup!(
            #register,
            #registry,
            ::registry_core::__private::Registration {
                name: #name,
                aliases: &[#(#aliases),*],
                scope: ::core::env!("CARGO_CRATE_NAME"),
                type_path: ::core::concat!(::core::module_path!(), "::", #type_name),
                file: ::core::file!(),
                line: #line,
                doc: #doc,
                force: #force,
            },
        );
    }
}

fn registry_span(attr: &Attr) -> proc_macro2::Span {
    syn::spanned::Spanned::span(&attr.registry)
}
