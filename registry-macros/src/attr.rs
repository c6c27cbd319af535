//! The attribute's arguments: `REGISTRY, name = "…", aliases = ["…"], force = true`.

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprArray, ExprLit, Lit, LitBool, LitStr, Path, Token};

use crate::ctxt::Ctxt;

/// The keys the attribute accepts after the registry.
const KEYS: [&str; 3] = ["name", "aliases", "force"];

/// What the attribute says.
pub struct Attr {
    /// The registry static, resolved where the attribute is written.
    pub registry: Path,
    pub name: Option<LitStr>,
    pub aliases: Vec<LitStr>,
    pub force: Option<LitBool>,
}

impl Attr {
    /// Reads the arguments; records every problem and returns `None` if the registry is missing.
    pub fn parse(ctxt: &Ctxt, args: TokenStream) -> Option<Self> {
        if args.is_empty() {
            ctxt.syn_error(syn::Error::new(
                Span::call_site(),
                "#[register_module] needs a registry, e.g. #[register_module(MODELS)]",
            ));
            return None;
        }
        let parser = |input: ParseStream| Ok(parse_args(ctxt, input));
        match parser.parse2(args) {
            Ok(attr) => attr,
            Err(error) => {
                ctxt.syn_error(error);
                None
            }
        }
    }
}

fn parse_args(ctxt: &Ctxt, input: ParseStream) -> Option<Attr> {
    let registry = match input.parse::<Path>() {
        Ok(path) => path,
        Err(_) => {
            ctxt.syn_error(input.error(
                "expected the registry as the first argument, e.g. #[register_module(MODELS)]",
            ));
            return None;
        }
    };
    let mut attr = Attr {
        registry,
        name: None,
        aliases: Vec::new(),
        force: None,
    };
    if input.is_empty() {
        return Some(attr);
    }
    if let Err(error) = input.parse::<Token![,]>() {
        ctxt.syn_error(error);
        return Some(attr);
    }
    let pairs = match Punctuated::<syn::MetaNameValue, Token![,]>::parse_terminated(input) {
        Ok(pairs) => pairs,
        Err(error) => {
            ctxt.syn_error(error);
            return Some(attr);
        }
    };
    let mut seen: Vec<String> = Vec::new();
    for pair in pairs {
        let key = pair.path.get_ident().map(ToString::to_string);
        let Some(key) = key.filter(|key| KEYS.contains(&key.as_str())) else {
            ctxt.error_spanned_by(
                &pair.path,
                "unknown key; #[register_module] accepts `name`, `aliases` and `force`",
            );
            continue;
        };
        if seen.contains(&key) {
            ctxt.error_spanned_by(&pair.path, format!("duplicate key `{key}`"));
            continue;
        }
        seen.push(key.clone());
        match key.as_str() {
            "name" => attr.name = string(ctxt, &pair.value, "`name`"),
            "aliases" => attr.aliases = strings(ctxt, &pair.value),
            _ => attr.force = boolean(ctxt, &pair.value),
        }
    }
    Some(attr)
}

fn string(ctxt: &Ctxt, value: &Expr, what: &str) -> Option<LitStr> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Some(text.clone()),
        other => {
            ctxt.error_spanned_by(other, format!("{what} must be a string literal"));
            None
        }
    }
}

fn strings(ctxt: &Ctxt, value: &Expr) -> Vec<LitStr> {
    match value {
        Expr::Array(ExprArray { elems, .. }) => elems
            .iter()
            .filter_map(|elem| string(ctxt, elem, "each alias"))
            .collect(),
        other => {
            ctxt.error_spanned_by(
                other,
                "`aliases` must be a list of string literals, e.g. aliases = [\"R50\"]",
            );
            Vec::new()
        }
    }
}

fn boolean(ctxt: &Ctxt, value: &Expr) -> Option<LitBool> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(flag),
            ..
        }) => Some(flag.clone()),
        other => {
            ctxt.error_spanned_by(other, "`force` must be `true` or `false`");
            None
        }
    }
}
