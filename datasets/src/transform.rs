//! The transform trait and pipelines: lists of transform configs built through `TRANSFORMS`.

use std::fmt::Debug;

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError};
use serde_json::Value;

use crate::error::DataError;
use crate::registries::TRANSFORMS;
use crate::sample::Sample;

/// One pipeline step (mmcv's `BaseTransform`): takes a sample, returns it changed.
///
/// Random steps draw from `rng` only, so a seeded loader repeats itself exactly.
pub trait Transform: Send + Sync + Debug {
    /// The registered name, for error messages.
    fn name(&self) -> &'static str;

    /// Transforms `sample`; the error says what was wrong (the pipeline adds where).
    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String>;
}

/// A dataset's `pipeline`: its steps, in order.
#[derive(Debug, Default)]
pub struct Pipeline {
    steps: Vec<Box<dyn Transform>>,
}

impl Pipeline {
    /// Builds every entry of `configs` through `TRANSFORMS`; errors read `…pipeline[1].type`.
    ///
    /// `ctx` must be at the `pipeline` key.
    pub fn build(configs: &[Value], ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let steps = configs
            .iter()
            .enumerate()
            .map(|(i, config)| ctx.build(&TRANSFORMS, i, config))
            .collect::<Result<_, _>>()?;
        Ok(Pipeline { steps })
    }

    /// A pipeline of the given steps.
    pub fn new(steps: Vec<Box<dyn Transform>>) -> Self {
        Pipeline { steps }
    }

    /// The steps.
    pub fn steps(&self) -> &[Box<dyn Transform>] {
        &self.steps
    }

    /// Runs every step on `sample`.
    pub fn apply(&self, mut sample: Sample, rng: &mut StdRng) -> Result<Sample, DataError> {
        for (step, transform) in self.steps.iter().enumerate() {
            let name = sample.describe();
            sample = transform
                .transform(sample, rng)
                .map_err(|message| DataError::Transform {
                    step,
                    transform: transform.name(),
                    sample: name,
                    message,
                })?;
        }
        Ok(sample)
    }
}
