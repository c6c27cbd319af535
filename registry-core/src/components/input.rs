//! [`InputSpec`]: what a batch of images must be for a model, checked before the forward so
//! that a wrong shape is an error naming what was given, never a panic inside the model.

use crate::size::SizeLimits;

/// The images a model takes, as far as it knows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputSpec {
    /// The channels of its images (the backbone's `in_channels`), where known.
    pub channels: Option<usize>,
    /// The most channels of any feature map it makes, where known: a batch's feature maps are
    /// bounded by batch × widest × height × width elements.
    pub widest: Option<usize>,
    /// Why `forward` and `predict` cannot run (`None` when they can): a classifier without a
    /// neck only extracts features.
    pub unavailable: Option<String>,
    /// Why `loss` and `predict` cannot run (`None` when they can): a classifier without a head
    /// gives only its neck's features.
    pub headless: Option<String>,
}

/// Why a batch of images cannot go through a model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The images have other channels than the model takes.
    #[error("expected images of {expected} channels (the backbone's in_channels), got {got}")]
    Channels {
        /// What the model takes.
        expected: usize,
        /// What was given.
        got: usize,
    },
    /// A dimension is zero.
    #[error("expected every dimension (batch, channels, height, width) ≥ 1, got {dims:?}")]
    Empty {
        /// The batch's dimensions.
        dims: [usize; 4],
    },
    /// The batch, or the feature maps it would make, would exceed the size limit.
    #[error(
        "a batch of {dims:?} makes tensors of up to {elements} elements (batch × {channels} \
         channels × height × width), over the limit of {limit} (SizeLimits::max_elements)"
    )]
    TooLarge {
        /// The batch's dimensions.
        dims: [usize; 4],
        /// The most channels of any tensor it makes.
        channels: usize,
        /// The elements of that tensor (saturating).
        elements: u128,
        /// The limit.
        limit: u64,
    },
    /// The model cannot run `forward`.
    #[error("{0}")]
    Unavailable(String),
}

impl InputSpec {
    /// Checks a batch of `dims` (`[N, C, H, W]`) against the spec and `limits`, before anything
    /// is allocated.
    ///
    /// ```
    /// use registry_core::{InputError, InputSpec, SizeLimits};
    ///
    /// let spec = InputSpec { channels: Some(3), widest: Some(512), ..InputSpec::default() };
    /// let limits = SizeLimits::default();
    /// assert!(spec.check([8, 3, 224, 224], &limits).is_ok());
    /// assert!(matches!(spec.check([1, 1, 64, 64], &limits), Err(InputError::Channels { .. })));
    /// assert!(matches!(spec.check([1, 3, 65536, 65536], &limits), Err(InputError::TooLarge { .. })));
    /// ```
    pub fn check(&self, dims: [usize; 4], limits: &SizeLimits) -> Result<(), InputError> {
        if let Some(reason) = &self.unavailable {
            return Err(InputError::Unavailable(reason.clone()));
        }
        if dims.contains(&0) {
            return Err(InputError::Empty { dims });
        }
        let [batch, channels, height, width] = dims;
        if let Some(expected) = self.channels
            && expected != channels
        {
            return Err(InputError::Channels {
                expected,
                got: channels,
            });
        }
        let widest = self.widest.unwrap_or(0).max(channels);
        let elements = [batch, widest, height, width]
            .iter()
            .fold(1_u128, |product, &d| product.saturating_mul(d as u128));
        if elements > u128::from(limits.max_elements) {
            return Err(InputError::TooLarge {
                dims,
                channels: widest,
                elements,
                limit: limits.max_elements,
            });
        }
        Ok(())
    }
}
