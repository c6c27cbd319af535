//! The registry: registration, building from configs, errors, scopes, introspection,
//! duplicates and concurrency.

mod things;

mod build;
mod concurrency;
mod duplicates;
mod errors;
mod introspection;
mod schema;
mod scopes;
mod validate;
