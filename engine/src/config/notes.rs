//! [`Unhonoured`]: the config keys a run cannot follow, collected so that none is dropped
//! silently.

use std::fmt;

/// One config key the run does not follow, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhonoured {
    /// The key path, as `optim_wrapper.paramwise_cfg` or `param_scheduler[1].by_epoch`.
    pub path: String,
    /// Why it is not followed, or what happens instead.
    pub reason: String,
}

impl fmt::Display for Unhonoured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// The keys a run does not follow, in the order they were met.
#[derive(Debug, Default)]
pub struct Notes {
    unhonoured: Vec<Unhonoured>,
}

impl Notes {
    /// Records that `path` is not followed, and why.
    pub fn unhonoured(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.unhonoured.push(Unhonoured {
            path: path.into(),
            reason: reason.into(),
        });
    }

    /// Every key not followed.
    pub fn all(&self) -> &[Unhonoured] {
        &self.unhonoured
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_keep_order_and_display_path_and_reason() {
        let mut notes = Notes::default();
        notes.unhonoured("env_cfg", "not used");
        notes.unhonoured("visualizer", "no visualizer");
        let lines: Vec<String> = notes.all().iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["env_cfg: not used", "visualizer: no visualizer"]);
    }
}
