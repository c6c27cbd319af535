//! The registry: registration, building from configs, errors, scopes, introspection.

mod smoke;
mod toy;
