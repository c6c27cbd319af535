//! Bounds on the work one load may do, so that no input can hang, exhaust memory or overflow
//! the stack.
//!
//! Every reader checks these as it goes and stops with a
//! [`ConfigErrorKind::Limit`](super::ConfigErrorKind::Limit) error naming the limit and where it was hit.
//! The defaults are far above what real configs need (mmpretrain's largest merged config has
//! a few hundred values, ten levels deep):
//!
//! ```text
//! let limits = Limits { max_depth: 50, ..Limits::default() };
//! let config = Config::from_file_with_limits("configs/resnet/resnet50_8xb32_in1k.py", &limits)?;
//! ```

/// Bounds on one load (a file with all its `_base_` files, a string, or a set of options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file (or string) read, in bytes.
    pub max_file_size: usize,
    /// Deepest nesting of brackets, expressions, dicts and lists.
    pub max_depth: usize,
    /// Most values (every dict, list and scalar counts one) that reading one file may create,
    /// counting copies made by references to variables, YAML aliases and `{{_base_.x}}`.
    pub max_values: usize,
    /// Longest string, in bytes, of a literal or of a concatenation.
    pub max_string_len: usize,
    /// Most tokens in one Python config.
    pub max_tokens: usize,
    /// Most `_base_` entries followed in one load, counting a file included twice twice.
    pub max_includes: usize,
    /// Longest chain of `_base_` includes (a file, its base, that base's base, …).
    pub max_include_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_size: 8 * 1024 * 1024,
            max_depth: 200,
            max_values: 500_000,
            max_string_len: 1024 * 1024,
            max_tokens: 2_000_000,
            max_includes: 1_000,
            max_include_depth: 64,
        }
    }
}
