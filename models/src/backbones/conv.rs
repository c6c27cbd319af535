//! Convolutions initialised as torchvision and mmpretrain do, and mmcv's `ConvModule`.

use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{Initializer, PaddingConfig2d};
use burn::tensor::Tensor;
use registry_core::{Activation, BuildContext, BuildError, NormLayer};

use super::fused::{conv_forward, conv_norm};

/// A convolution's shape: what `build_conv_layer` is given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConvSpec {
    pub in_channels: usize,
    pub out_channels: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
    pub dilation: usize,
    pub groups: usize,
    pub bias: bool,
}

impl ConvSpec {
    /// A `kernel`×`kernel` convolution without bias, stride 1, no padding, dilation 1.
    pub fn new(in_channels: usize, out_channels: usize, kernel: usize) -> Self {
        ConvSpec {
            in_channels,
            out_channels,
            kernel,
            stride: 1,
            padding: 0,
            dilation: 1,
            groups: 1,
            bias: false,
        }
    }

    pub fn stride(self, stride: usize) -> Self {
        ConvSpec { stride, ..self }
    }

    pub fn padding(self, padding: usize) -> Self {
        ConvSpec { padding, ..self }
    }

    pub fn dilation(self, dilation: usize) -> Self {
        ConvSpec { dilation, ..self }
    }

    pub fn groups(self, groups: usize) -> Self {
        ConvSpec { groups, ..self }
    }

    pub fn bias(self, bias: bool) -> Self {
        ConvSpec { bias, ..self }
    }

    /// The convolution, with lazy parameters: weight Kaiming-normal with PyTorch's `fan_out`
    /// (`out_channels × kernel²`, whatever the groups) and ReLU gain, bias zero — mmengine's
    /// `KaimingInit` as mmpretrain's ResNet `init_cfg` and torchvision apply it.
    ///
    /// The caller has checked the channels (non-zero, divisible by `groups`); the weight
    /// (and bias) are [declared](BuildContext::declare) to `ctx` first.
    pub fn init(self, ctx: &mut BuildContext) -> Result<Conv2d, BuildError> {
        debug_assert!(self.in_channels > 0 && self.out_channels > 0 && self.groups > 0);
        debug_assert!(
            self.in_channels.is_multiple_of(self.groups)
                && self.out_channels.is_multiple_of(self.groups)
        );
        // Burn's fan_out divides by the groups; PyTorch's does not. Their ratio goes in the gain.
        let kernel = self.kernel;
        ctx.declare(
            format_args!("a {kernel}×{kernel} convolution's weight"),
            &[
                self.out_channels,
                self.in_channels / self.groups,
                kernel,
                kernel,
            ],
        )?;
        if self.bias {
            ctx.declare("a convolution's bias", &[self.out_channels])?;
        }
        let device = ctx.device();
        let gain = (2.0 / self.groups as f64).sqrt();
        let p = self.padding;
        let mut conv = Conv2dConfig::new(
            [self.in_channels, self.out_channels],
            [self.kernel, self.kernel],
        )
        .with_stride([self.stride, self.stride])
        .with_dilation([self.dilation, self.dilation])
        .with_groups(self.groups)
        .with_padding(PaddingConfig2d::Explicit(p, p, p, p))
        .with_bias(false)
        .with_initializer(Initializer::KaimingNormal {
            gain,
            fan_out_only: true,
        })
        .init(device);
        if self.bias {
            conv.bias = Some(Initializer::Zeros.init([self.out_channels], device));
        }
        Ok(conv)
    }
}

/// mmcv's `ConvModule`: a convolution, then an optional norm and activation. Paths:
/// `conv.weight`, `conv.bias`, `bn.*`.
#[derive(Module, Debug)]
pub struct ConvModule {
    /// The convolution.
    pub conv: Conv2d,
    /// The norm layer (mmcv names it `bn`, `gn`, … by its kind; always `bn` here).
    pub bn: Option<Box<dyn NormLayer>>,
    /// The activation; parameterless.
    pub activate: Option<Box<dyn Activation>>,
}

impl ConvModule {
    /// Convolution, norm, activation.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = match &self.bn {
            Some(bn) => conv_norm(&self.conv, &**bn, x, None, false),
            None => conv_forward(&self.conv, x),
        };
        match &self.activate {
            Some(activate) => activate.forward(x),
            None => x,
        }
    }
}
