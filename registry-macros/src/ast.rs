//! The annotated item: only a struct can be registered.

use proc_macro2::TokenStream;
use syn::{Attribute, Expr, ExprLit, Generics, Ident, Item, Lit, Meta};

use crate::ctxt::Ctxt;

/// The registered struct, as far as the registration needs it.
pub struct Input {
    pub ident: Ident,
    pub generics: Generics,
    /// The first non-empty line of the doc comment.
    pub doc: String,
}

impl Input {
    /// Reads `item`; records an error and returns `None` unless it is a struct.
    pub fn parse(ctxt: &Ctxt, item: &TokenStream) -> Option<Self> {
        let item = match syn::parse2::<Item>(item.clone()) {
            Ok(item) => item,
            Err(error) => {
                ctxt.syn_error(error);
                return None;
            }
        };
        let unsupported = match item {
            Item::Struct(item) => {
                return Some(Input {
                    doc: first_doc_line(&item.attrs),
                    ident: item.ident,
                    generics: item.generics,
                });
            }
            Item::Enum(item) => Some((item.enum_token.into_token_stream(), "an enum")),
            Item::Union(item) => Some((item.union_token.into_token_stream(), "a union")),
            Item::Fn(item) => Some((item.sig.fn_token.into_token_stream(), "a function")),
            Item::Impl(item) => Some((item.impl_token.into_token_stream(), "an impl block")),
            Item::Trait(item) => Some((item.trait_token.into_token_stream(), "a trait")),
            Item::Type(item) => Some((item.type_token.into_token_stream(), "a type alias")),
            Item::Mod(item) => Some((item.mod_token.into_token_stream(), "a module")),
            Item::Static(item) => Some((item.static_token.into_token_stream(), "a static")),
            Item::Const(item) => Some((item.const_token.into_token_stream(), "a const")),
            Item::Use(item) => Some((item.use_token.into_token_stream(), "a `use` item")),
            other => Some((other.into_token_stream(), "this item")),
        };
        if let Some((tokens, what)) = unsupported {
            ctxt.error_spanned_by(
                tokens,
                format!("#[register_module] registers a struct, not {what}"),
            );
        }
        None
    }
}

use quote::ToTokens;

/// The first non-empty line of the `///` comments among `attrs`, trimmed.
fn first_doc_line(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(meta) => match &meta.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|text| {
            text.lines()
                .map(str::trim)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|line| !line.is_empty())
        .unwrap_or_default()
}
