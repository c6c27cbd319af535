//! `RandomFlip` (mmcv): flips with a probability, in one of the given directions.

use rand::RngExt;
use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

/// One value or a list, as mmcv accepts for `prob` and `direction`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// A list.
    Many(Vec<T>),
}

/// The config of `RandomFlip`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RandomFlipConfig {
    /// The flip probability: in total (split evenly over the directions), or per direction.
    /// Required in practice: mmcv refuses `None`.
    #[serde(default)]
    pub prob: Option<OneOrMany<f64>>,
    /// `horizontal`, `vertical`, `diagonal`, or a list of them.
    #[serde(default = "horizontal")]
    pub direction: OneOrMany<String>,
}

fn horizontal() -> OneOrMany<String> {
    OneOrMany::One("horizontal".into())
}

/// Flips `img` in a direction drawn with the given probabilities; sets `flip`, `flip_direction`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct RandomFlip {
    /// `(direction, probability)`; no flip takes the rest.
    choices: Vec<(&'static str, f64)>,
}

impl Buildable for RandomFlip {
    type Config = RandomFlipConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let directions = match config.direction {
            OneOrMany::One(d) => vec![d],
            OneOrMany::Many(d) => d,
        };
        let directions = directions
            .iter()
            .map(|d| match d.as_str() {
                "horizontal" => Ok("horizontal"),
                "vertical" => Ok("vertical"),
                "diagonal" => Ok("diagonal"),
                _ => Err(ctx.invalid(
                    "direction",
                    format!("expected 'horizontal', 'vertical' or 'diagonal', got '{d}'"),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let probs = match config.prob {
            None => {
                return Err(ctx.invalid(
                    "prob",
                    "expected a probability or a list of them, got None (mmcv requires it)",
                ));
            }
            Some(OneOrMany::One(p)) => vec![p / directions.len().max(1) as f64; directions.len()],
            Some(OneOrMany::Many(p)) if p.len() == directions.len() => p,
            Some(OneOrMany::Many(p)) => {
                return Err(ctx.invalid(
                    "prob",
                    format!(
                        "expected one probability per direction ({}), got {}",
                        directions.len(),
                        p.len()
                    ),
                ));
            }
        };
        let total: f64 = probs.iter().sum();
        if probs.iter().any(|p| !(0.0..=1.0).contains(p)) || !(0.0..=1.0 + 1e-9).contains(&total) {
            return Err(ctx.invalid(
                "prob",
                format!("expected probabilities in [0, 1] summing to at most 1, got {probs:?}"),
            ));
        }
        Ok(RandomFlip {
            choices: directions.into_iter().zip(probs).collect(),
        })
    }
}

impl RandomFlip {
    /// The direction drawn for one sample, or `None` for no flip.
    pub fn choose(&self, rng: &mut StdRng) -> Option<&'static str> {
        let u: f64 = rng.random();
        let mut sum = 0.0;
        for &(direction, p) in &self.choices {
            sum += p;
            if u < sum {
                return Some(direction);
            }
        }
        None
    }
}

impl Transform for RandomFlip {
    fn name(&self) -> &'static str {
        "RandomFlip"
    }

    fn transform(&self, mut sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        let direction = self.choose(rng);
        sample.flip = Some(direction.is_some());
        sample.flip_direction = direction;
        if let Some(direction) = direction {
            let image = sample.image()?;
            let flipped = image.flip(direction != "vertical", direction != "horizontal");
            sample.set_image(flipped);
        }
        Ok(sample)
    }
}
