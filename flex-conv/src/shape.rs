//! [`Conv2dShape`]: the sizes of one 2-D convolution, checked once.

use crate::ConvError;

/// The sizes of an NCHW convolution: input `[batch, in_channels, height, width]`, weight
/// `[out_channels, in_channels / groups, kernel[0], kernel[1]]`, as Burn and PyTorch lay them out.
///
/// ```
/// use flex_conv::Conv2dShape;
///
/// let shape = Conv2dShape::new([8, 64, 56, 56], [128, 64, 3, 3])
///     .stride([2, 2])
///     .padding([1, 1])
///     .checked()
///     .unwrap();
/// assert_eq!(shape.output(), [8, 128, 28, 28]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conv2dShape {
    /// `[batch, in_channels, height, width]`.
    pub input: [usize; 4],
    /// `[out_channels, in_channels / groups, kernel_height, kernel_width]`.
    pub weight: [usize; 4],
    /// Step between output pixels, per axis.
    pub stride: [usize; 2],
    /// Zeros added on each side, per axis.
    pub padding: [usize; 2],
    /// Spacing between kernel taps, per axis.
    pub dilation: [usize; 2],
    /// Channel groups (ResNeXt's cardinality; 1 for a dense convolution).
    pub groups: usize,
    output_size: [usize; 2],
}

impl Conv2dShape {
    /// A convolution with stride 1, no padding, dilation 1 and one group; call
    /// [`checked`](Self::checked) before use.
    pub fn new(input: [usize; 4], weight: [usize; 4]) -> Self {
        Conv2dShape {
            input,
            weight,
            stride: [1, 1],
            padding: [0, 0],
            dilation: [1, 1],
            groups: 1,
            output_size: [0, 0],
        }
    }

    /// With this stride.
    pub fn stride(self, stride: [usize; 2]) -> Self {
        Conv2dShape { stride, ..self }
    }

    /// With this padding.
    pub fn padding(self, padding: [usize; 2]) -> Self {
        Conv2dShape { padding, ..self }
    }

    /// With this dilation.
    pub fn dilation(self, dilation: [usize; 2]) -> Self {
        Conv2dShape { dilation, ..self }
    }

    /// With this many groups.
    pub fn groups(self, groups: usize) -> Self {
        Conv2dShape { groups, ..self }
    }

    /// Checks that the sizes agree and computes the output size, without overflow.
    pub fn checked(self) -> Result<Self, ConvError> {
        let [_, in_channels, ..] = self.input;
        let [out_channels, group_in, ..] = self.weight;
        let positive = self.stride.iter().chain(&self.dilation).all(|&v| v > 0);
        if !positive || self.groups == 0 {
            return Err(ConvError::ZeroStep);
        }
        if group_in.checked_mul(self.groups) != Some(in_channels)
            || !out_channels.is_multiple_of(self.groups)
        {
            return Err(ConvError::Channels {
                input: self.input,
                weight: self.weight,
                groups: self.groups,
            });
        }
        let output_size = [self.output_side(0)?, self.output_side(1)?];
        let shape = Conv2dShape {
            output_size,
            ..self
        };
        let elements = [shape.input, shape.weight, shape.output()]
            .iter()
            .all(|dims| {
                dims.iter()
                    .try_fold(1usize, |n, &d| n.checked_mul(d))
                    .is_some()
            });
        match elements {
            true => Ok(shape),
            false => Err(ConvError::TooLarge),
        }
    }

    /// `(size + 2·padding − dilation·(kernel − 1) − 1) / stride + 1`, or an error when the
    /// kernel does not fit.
    fn output_side(&self, axis: usize) -> Result<usize, ConvError> {
        let size = self.input[2 + axis];
        let kernel = self.weight[2 + axis];
        let padded = self.padding[axis]
            .checked_mul(2)
            .and_then(|p| p.checked_add(size))
            .ok_or(ConvError::TooLarge)?;
        let span = kernel
            .checked_sub(1)
            .and_then(|k| k.checked_mul(self.dilation[axis]))
            .and_then(|k| k.checked_add(1))
            .ok_or(ConvError::KernelTooLarge { axis })?;
        match padded.checked_sub(span) {
            Some(room) => Ok(room / self.stride[axis] + 1),
            None => Err(ConvError::KernelTooLarge { axis }),
        }
    }

    /// `[batch, out_channels, out_height, out_width]`.
    pub fn output(&self) -> [usize; 4] {
        let [batch, ..] = self.input;
        let [out_channels, ..] = self.weight;
        [
            batch,
            out_channels,
            self.output_size[0],
            self.output_size[1],
        ]
    }

    /// Output pixels per image and channel.
    pub(crate) fn output_pixels(&self) -> usize {
        self.output_size[0] * self.output_size[1]
    }

    /// Rows of the im2col matrix: input channels of one group × kernel taps.
    pub(crate) fn patch_len(&self) -> usize {
        self.weight[1] * self.weight[2] * self.weight[3]
    }

    /// Output channels of one group.
    pub(crate) fn group_out_channels(&self) -> usize {
        self.weight[0] / self.groups
    }

    /// The same convolution over `channels` input channels of one group (one group, the
    /// group's output channels): a block of the im2col rows and of the weight's columns.
    pub(crate) fn channel_block(&self, channels: usize) -> Conv2dShape {
        let [batch, _, height, width] = self.input;
        let [_, _, kernel_h, kernel_w] = self.weight;
        let weight = [self.group_out_channels(), channels, kernel_h, kernel_w];
        Conv2dShape::new([batch, channels, height, width], weight)
            .stride(self.stride)
            .padding(self.padding)
            .dilation(self.dilation)
            .checked()
            .expect("a block of a checked convolution's channels is a checked convolution")
    }

    /// True for a 1×1 kernel without padding at stride 1: the input is already the im2col
    /// matrix.
    pub(crate) fn is_pointwise(&self) -> bool {
        self.weight[2..] == [1, 1] && self.padding == [0, 0] && self.stride == [1, 1]
    }
}
