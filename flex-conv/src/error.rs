//! [`ConvError`]: sizes that do not make a convolution.

/// Why a convolution's sizes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvError {
    /// A stride, dilation or group count of zero.
    #[error("stride, dilation and groups must be positive")]
    ZeroStep,
    /// Input, weight and groups disagree on the channels.
    #[error(
        "input {input:?} and weight {weight:?} disagree for {groups} group(s): the weight's \
         second dimension times the groups must be the input's channels, and the groups must \
         divide the output channels"
    )]
    Channels {
        /// The input's shape.
        input: [usize; 4],
        /// The weight's shape.
        weight: [usize; 4],
        /// The groups.
        groups: usize,
    },
    /// The dilated kernel is larger than the padded input along `axis` (0: height, 1: width).
    #[error("the kernel is larger than the padded input along axis {axis}")]
    KernelTooLarge {
        /// 0 for height, 1 for width.
        axis: usize,
    },
    /// A size overflows `usize`.
    #[error("the convolution's sizes overflow")]
    TooLarge,
    /// An input slice's length is not what the shape says.
    #[error("{what} holds {actual} values; the shape needs {expected}")]
    Length {
        /// Which input.
        what: &'static str,
        /// The length the shape implies.
        expected: usize,
        /// The length given.
        actual: usize,
    },
}

/// `Ok` when `values` holds as many values as `dims` says, else [`ConvError::Length`].
pub(crate) fn expect_len(
    what: &'static str,
    dims: [usize; 4],
    values: &[f32],
) -> Result<(), ConvError> {
    let expected = dims.iter().product();
    match values.len() == expected {
        true => Ok(()),
        false => Err(ConvError::Length {
            what,
            expected,
            actual: values.len(),
        }),
    }
}
