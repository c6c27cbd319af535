//! What mmpretrain's `BaseAugTransform` gives every RandAugment operation: the probability of
//! applying it, and its magnitude: fixed, or drawn from `magnitude_level` / `total_level`
//! mapped onto `magnitude_range`, with optional noise and random negation.

use rand::RngExt;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};
use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use crate::image::Image;
use crate::sample::Sample;

/// `magnitude_std`: a number (the standard deviation of normal noise on the level; 0 or less
/// for none) or `'inf'` (the level drawn uniformly from `[0, magnitude_level)`).
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum MagnitudeStd {
    /// The standard deviation.
    Number(f64),
    /// `'inf'`.
    Text(String),
}

impl Default for MagnitudeStd {
    fn default() -> Self {
        MagnitudeStd::Number(0.0)
    }
}

/// How the level moves before it is mapped onto the range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Noise {
    /// The level as given.
    None,
    /// `N(level, std)`, clipped to `[0, total_level]`.
    Normal(Normal<f64>),
    /// `U(0, level)`.
    Uniform,
}

impl MagnitudeStd {
    /// As written in a config.
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            MagnitudeStd::Number(std) => serde_json::json!(std),
            MagnitudeStd::Text(text) => serde_json::json!(text),
        }
    }

    /// The noise it asks for; errors name `key`.
    pub(crate) fn noise(&self, key: &str, ctx: &BuildContext) -> Result<Noise, BuildError> {
        match self {
            MagnitudeStd::Text(text) if text == "inf" => Ok(Noise::Uniform),
            MagnitudeStd::Number(std) if std.is_finite() && *std > 0.0 => Normal::new(0.0, *std)
                .map(Noise::Normal)
                .map_err(|why| ctx.invalid(key, why.to_string())),
            MagnitudeStd::Number(std) if std.is_finite() => Ok(Noise::None),
            other => Err(ctx.invalid(
                key,
                format!("expected a finite number or 'inf', got {other:?}"),
            )),
        }
    }
}

/// Declares an operation's config: its own fields, then the arguments every operation takes
/// (mmpretrain's `BaseAugTransform`: `prob` and the `magnitude_*` ones, which `RandAugment`
/// sets when a policy has a `magnitude_range`), and `aug_args` to read the latter.
///
/// Written out in each config rather than `#[serde(flatten)]`ed: errors keep their key paths.
macro_rules! aug_config {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$field_meta:meta])* pub $field:ident: $ty:ty,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
            /// The probability of applying the operation.
            #[serde(default = "crate::transforms::augment::base::half")]
            pub prob: f64,
            /// The level of the magnitude, out of `total_level`.
            #[serde(default = "crate::transforms::augment::base::ten")]
            pub magnitude_level: f64,
            /// `(val1, val2)`: level 0 gives `val1`, `total_level` gives `val2`. Exactly one of
            /// this and the operation's own value (`magnitude`, `angle`, `thr`, `bits`) is given.
            #[serde(default)]
            pub magnitude_range: Option<[f64; 2]>,
            /// Noise on the level: a standard deviation, or `'inf'` for a uniform level.
            #[serde(default)]
            pub magnitude_std: crate::transforms::augment::MagnitudeStd,
            /// The level at which the magnitude reaches `val2`.
            #[serde(default = "crate::transforms::augment::base::ten")]
            pub total_level: f64,
        }

        impl $name {
            /// `prob` and the `magnitude_*` arguments.
            pub(crate) fn aug_args(&self) -> crate::transforms::augment::base::AugArgs {
                crate::transforms::augment::base::AugArgs {
                    prob: self.prob,
                    magnitude_level: self.magnitude_level,
                    magnitude_range: self.magnitude_range,
                    magnitude_std: self.magnitude_std.clone(),
                    total_level: self.total_level,
                }
            }
        }
    };
}
pub(crate) use aug_config;

/// `prob` and the `magnitude_*` arguments of an operation's config.
#[derive(Debug)]
pub(crate) struct AugArgs {
    pub prob: f64,
    pub magnitude_level: f64,
    pub magnitude_range: Option<[f64; 2]>,
    pub magnitude_std: MagnitudeStd,
    pub total_level: f64,
}

aug_config! {
    /// The config of `AutoContrast`, `Equalize` and `Invert`: `prob` (the `magnitude_*`
    /// arguments accepted, unused).
    pub struct PlainConfig {}
}

pub(crate) fn half() -> f64 {
    0.5
}
pub(crate) fn ten() -> f64 {
    10.0
}

/// Where an operation's magnitude comes from.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// No magnitude (AutoContrast, Equalize, Invert).
    None,
    /// The value given.
    Fixed(f64),
    /// mmpretrain's `random_magnitude`.
    Level {
        level: f64,
        total: f64,
        range: [f64; 2],
        noise: Noise,
    },
}

/// The built `BaseAugTransform` part of an operation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Aug {
    prob: f64,
    negative_prob: f64,
    source: Source,
}

/// Checks that `value` is a probability; errors name `key`.
pub(crate) fn check_prob(value: f64, key: &str, ctx: &BuildContext) -> Result<f64, BuildError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(ctx.invalid(
            key,
            format!("expected a probability in [0, 1], got {value}"),
        ))
    }
}

/// Checks that `value` is finite; errors name `key`.
pub(crate) fn check_finite(value: f64, key: &str, ctx: &BuildContext) -> Result<f64, BuildError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ctx.invalid(key, format!("expected a finite number, got {value}")))
    }
}

impl AugArgs {
    /// An operation without a magnitude: only `prob` matters.
    pub(crate) fn plain(self, ctx: &BuildContext) -> Result<Aug, BuildError> {
        Ok(Aug {
            prob: check_prob(self.prob, "prob", ctx)?,
            negative_prob: 0.0,
            source: Source::None,
        })
    }

    /// An operation whose magnitude is `own` (given under `key`) or drawn from
    /// `magnitude_range`, negated with `negative_prob`.
    pub(crate) fn with_magnitude(
        self,
        (key, own): (&str, Option<f64>),
        negative_prob: f64,
        ctx: &BuildContext,
    ) -> Result<Aug, BuildError> {
        let source = match (own, self.magnitude_range) {
            (Some(value), None) => Source::Fixed(check_finite(value, key, ctx)?),
            (None, Some(range)) => self.level(range, ctx)?,
            _ => {
                return Err(ctx.invalid_here(format!(
                    "give exactly one of `{key}` and `magnitude_range` (mmpretrain asserts it)"
                )));
            }
        };
        Ok(Aug {
            prob: check_prob(self.prob, "prob", ctx)?,
            negative_prob: check_prob(negative_prob, "random_negative_prob", ctx)?,
            source,
        })
    }

    /// The level source over `range`, its numbers checked.
    fn level(&self, range: [f64; 2], ctx: &BuildContext) -> Result<Source, BuildError> {
        if !range.iter().all(|v| v.is_finite()) {
            return Err(ctx.invalid(
                "magnitude_range",
                format!("expected two finite numbers, got {range:?}"),
            ));
        }
        let level = check_finite(self.magnitude_level, "magnitude_level", ctx)?;
        if level < 0.0 {
            return Err(ctx.invalid("magnitude_level", format!("expected ≥ 0, got {level}")));
        }
        let total = self.total_level;
        if !(total.is_finite() && total > 0.0) {
            return Err(ctx.invalid("total_level", format!("expected > 0, got {total}")));
        }
        Ok(Source::Level {
            level,
            total,
            range,
            noise: self.magnitude_std.noise("magnitude_std", ctx)?,
        })
    }
}

impl Aug {
    /// mmpretrain's `random_disable`: whether to skip the operation this time.
    pub(crate) fn skip(&self, rng: &mut StdRng) -> bool {
        rng.random::<f64>() > self.prob
    }

    /// The magnitude for this time: fixed or `random_magnitude`, then `random_negative`
    /// (0 for an operation without one).
    pub(crate) fn magnitude(&self, rng: &mut StdRng) -> f64 {
        let value = match self.source {
            Source::None => 0.0,
            Source::Fixed(value) => value,
            Source::Level {
                level,
                total,
                range: [val1, val2],
                noise,
            } => {
                let level = match noise {
                    Noise::None => level,
                    Noise::Normal(normal) => (level + normal.sample(rng)).clamp(0.0, total),
                    Noise::Uniform => level * rng.random::<f64>(),
                };
                level / total * (val2 - val1) + val1
            }
        };
        if self.negative_prob > 0.0 && rng.random::<f64>() < self.negative_prob {
            -value
        } else {
            value
        }
    }
}

impl Aug {
    /// mmpretrain's `transform` of an operation: unless skipped, the image replaced by
    /// `op(image, magnitude)`.
    pub(crate) fn apply(
        &self,
        mut sample: Sample,
        rng: &mut StdRng,
        op: impl FnOnce(&Image, f64) -> Result<Image, String>,
    ) -> Result<Sample, String> {
        if self.skip(rng) {
            return Ok(sample);
        }
        let magnitude = self.magnitude(rng);
        let image = op(sample.image()?, magnitude)?;
        sample.set_image(image);
        Ok(sample)
    }
}
