//! Checks that need both the attribute and the item: names and generics.

use syn::LitStr;

use crate::ast::Input;
use crate::attr::Attr;
use crate::ctxt::Ctxt;

/// Records every problem with the registration `attr` makes of `input`.
pub fn check(ctxt: &Ctxt, attr: &Attr, input: &Input) {
    check_generics(ctxt, input);
    let mut names: Vec<String> = Vec::new();
    if let Some(name) = &attr.name {
        check_name(ctxt, name, "`name`");
        names.push(name.value());
    } else {
        names.push(input.ident.to_string());
    }
    for alias in &attr.aliases {
        check_name(ctxt, alias, "an alias");
        let alias_text = alias.value();
        if names.contains(&alias_text) {
            let message = if names[0] == alias_text {
                format!("alias `{alias_text}` repeats the entry's name")
            } else {
                format!("alias `{alias_text}` is given twice")
            };
            ctxt.error_spanned_by(alias, message);
        } else {
            names.push(alias_text);
        }
    }
}

/// A registry builds its entries from configs alone: it cannot choose type parameters.
fn check_generics(ctxt: &Ctxt, input: &Input) {
    if let Some(param) = input.generics.params.first() {
        ctxt.error_spanned_by(
            &input.generics,
            format!(
                "#[register_module] cannot register a generic struct: a config cannot choose `{}`; \
                 register a concrete type that wraps it instead",
                quote::ToTokens::to_token_stream(param)
            ),
        );
    }
}

/// Names configs can write in `type`: non-empty, no `.` (it separates the scope), no spaces.
fn check_name(ctxt: &Ctxt, name: &LitStr, what: &str) {
    let text = name.value();
    if text.is_empty() {
        ctxt.error_spanned_by(name, format!("{what} must not be empty"));
    } else if text.contains('.') {
        ctxt.error_spanned_by(
            name,
            format!("{what} must not contain `.`: it separates the scope, as in `models.ResNet`"),
        );
    } else if text.chars().any(char::is_whitespace) {
        ctxt.error_spanned_by(name, format!("{what} must not contain whitespace"));
    }
}
