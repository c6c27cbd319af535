//! [`fused_conv2d`] on Burn tensors: our kernel on the Flex device, through Burn's
//! backend-extension mechanism, and Burn's own operations everywhere else.

use std::borrow::Cow;

use burn::backend::flex::FlexTensor;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, DispatchDevice, ExtensionType, Flex, backend_extension};
use burn::tensor::ops::ConvOptions;
use burn::tensor::{DType, Tensor, TensorData};

use crate::{Conv2dShape, Epilogue, conv2d};

/// The element-wise work after a convolution, on tensors: `scale` and `shift` are `[C]`,
/// `residual` has the output's shape. See [`Epilogue`].
#[derive(Debug, Clone, Default)]
pub struct TensorEpilogue {
    /// Multiplies each output channel.
    pub scale: Option<Tensor<1>>,
    /// Added to each output channel after `scale`: a bias, or a BatchNorm's shift.
    pub shift: Option<Tensor<1>>,
    /// Added to the output after `shift` (a ResNet block's identity branch).
    pub residual: Option<Tensor<4>>,
    /// ReLU last.
    pub relu: bool,
}

/// `relu?(conv2d(input, weight) · scale + shift + residual)`.
///
/// On the Flex device without autodiff (inference), in fp32, with symmetric padding, this runs
/// [`conv2d`](crate::conv2d) in one pass; anywhere else (autodiff for training, graph capture,
/// GPU devices, other dtypes) it runs Burn's own `conv2d` and element-wise operations, so
/// results and gradients are Burn's.
///
/// ```
/// use burn::tensor::{Device, Tensor, ops::ConvOptions};
/// use flex_conv::{TensorEpilogue, fused_conv2d};
///
/// let device = Device::flex();
/// let x = Tensor::<4>::ones([1, 2, 4, 4], &device);
/// let w = Tensor::<4>::ones([3, 2, 3, 3], &device);
/// let shift = Tensor::<1>::from_floats([-20.0, 0.0, 1.0], &device);
/// let epilogue = TensorEpilogue { shift: Some(shift), relu: true, ..Default::default() };
/// let y = fused_conv2d(x, w, ConvOptions::new([1, 1], [1, 1], [1, 1], 1), epilogue);
/// let corner = y.slice([0..1, 0..3, 0..1, 0..1]).into_data().to_vec::<f32>().unwrap();
/// assert_eq!(corner, [0.0, 8.0, 9.0]);
/// ```
pub fn fused_conv2d(
    input: Tensor<4>,
    weight: Tensor<4>,
    options: ConvOptions<2>,
    epilogue: TensorEpilogue,
) -> Tensor<4> {
    match flex_shape(&input, &weight, &options, &epilogue) {
        Some(shape) => Tensor::from_dispatch(<burn::backend::Dispatch as FusedConv>::fused_conv2d(
            input.into_dispatch(),
            weight.into_dispatch(),
            Optional::from(epilogue.scale),
            Optional::from(epilogue.shift),
            Optional::from(epilogue.residual),
            shape,
            epilogue.relu,
        )),
        None => composed(input, weight, options, epilogue),
    }
}

/// True when [`fused_conv2d`] runs our kernel for tensors on `device` (given fp32 tensors and
/// symmetric padding): the Flex device, without autodiff.
///
/// ```
/// use burn::tensor::Device;
///
/// assert!(flex_conv::accelerates(&Device::flex()));
/// assert!(!flex_conv::accelerates(&Device::flex().autodiff()));
/// ```
pub fn accelerates(device: &burn::tensor::Device) -> bool {
    matches!(device.as_dispatch(), DispatchDevice::Flex(_))
}

/// The checked shape when every tensor is an fp32 Flex tensor without autodiff and the
/// options and epilogue fit the kernel; `None` sends the call to Burn's operations.
fn flex_shape(
    input: &Tensor<4>,
    weight: &Tensor<4>,
    options: &ConvOptions<2>,
    epilogue: &TensorEpilogue,
) -> Option<Conv2dShape> {
    let device = input.device();
    let shape = accelerates(&device)
        .then(|| kernel_shape(input, weight, options))
        .flatten()?;
    let [_, channels, ..] = shape.output();
    let fits = |t: &Tensor<1>| t.dims() == [channels] && is_f32_on(t.dtype(), t.device(), &device);
    let per_channel = |t: &Option<Tensor<1>>| t.as_ref().is_none_or(fits);
    let residual_fits = epilogue
        .residual
        .as_ref()
        .is_none_or(|t| t.dims() == shape.output() && is_f32_on(t.dtype(), t.device(), &device));
    (per_channel(&epilogue.scale) && per_channel(&epilogue.shift) && residual_fits).then_some(shape)
}

/// The checked shape when `input` and `weight` are fp32 tensors on one device and the padding
/// is symmetric; the kernel takes nothing else.
pub(crate) fn kernel_shape(
    input: &Tensor<4>,
    weight: &Tensor<4>,
    options: &ConvOptions<2>,
) -> Option<Conv2dShape> {
    let device = input.device();
    let fp32 = is_f32_on(input.dtype(), device.clone(), &device)
        && is_f32_on(weight.dtype(), weight.device(), &device);
    if !fp32 || options.is_asymmetric() {
        return None;
    }
    Conv2dShape::new(input.dims(), weight.dims())
        .stride(options.stride)
        .padding(options.padding_begin())
        .dilation(options.dilation)
        .groups(options.groups)
        .checked()
        .ok()
}

fn is_f32_on(dtype: DType, device: burn::tensor::Device, on: &burn::tensor::Device) -> bool {
    dtype == DType::F32 && device == *on
}

/// The same computation with Burn's operations, on any device.
fn composed(
    input: Tensor<4>,
    weight: Tensor<4>,
    options: ConvOptions<2>,
    epilogue: TensorEpilogue,
) -> Tensor<4> {
    let [channels, ..] = weight.dims();
    let mut out = burn::tensor::module::conv2d(input, weight, None, options);
    if let Some(scale) = epilogue.scale {
        out = out * scale.reshape([1, channels, 1, 1]);
    }
    if let Some(shift) = epilogue.shift {
        out = out + shift.reshape([1, channels, 1, 1]);
    }
    if let Some(residual) = epilogue.residual {
        out = out + residual;
    }
    match epilogue.relu {
        true => burn::tensor::activation::relu(out),
        false => out,
    }
}

/// A tensor argument that may be absent (the extension mechanism takes no `Option`s).
#[derive(ExtensionType)]
pub enum Optional<B: Backend> {
    /// The tensor.
    Present(FloatTensor<B>),
    /// No tensor.
    Absent,
}

impl<const D: usize> From<Option<Tensor<D>>> for Optional<burn::backend::Dispatch> {
    fn from(tensor: Option<Tensor<D>>) -> Self {
        match tensor {
            Some(tensor) => Optional::Present(tensor.into_dispatch()),
            None => Optional::Absent,
        }
    }
}

impl<B: Backend> Optional<B> {
    fn into_option(self) -> Option<FloatTensor<B>> {
        match self {
            Optional::Present(tensor) => Some(tensor),
            Optional::Absent => None,
        }
    }
}

/// The fused convolution as a Burn backend extension, implemented for Flex only:
/// [`fused_conv2d`] calls it only with Flex tensors and a shape it has checked.
#[backend_extension(Flex)]
pub trait FusedConv: Backend {
    /// See [`fused_conv2d`]; `shape` is checked and agrees with the tensors.
    fn fused_conv2d(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        #[extension_type] scale: Optional<Self>,
        #[extension_type] shift: Optional<Self>,
        #[extension_type] residual: Optional<Self>,
        shape: Conv2dShape,
        relu: bool,
    ) -> FloatTensor<Self>;
}

impl FusedConv for Flex {
    fn fused_conv2d(
        input: FlexTensor,
        weight: FlexTensor,
        scale: Optional<Self>,
        shift: Optional<Self>,
        residual: Optional<Self>,
        shape: Conv2dShape,
        relu: bool,
    ) -> FlexTensor {
        let [scale, shift, residual] = [scale, shift, residual].map(Optional::into_option);
        let (scale, shift, residual) = (
            scale.as_ref().map(values),
            shift.as_ref().map(values),
            residual.as_ref().map(values),
        );
        let epilogue = Epilogue {
            scale: scale.as_deref(),
            shift: shift.as_deref(),
            residual: residual.as_deref(),
            relu,
        };
        let output = conv2d(&shape, &values(&input), &values(&weight), &epilogue)
            .unwrap_or_else(|error| panic!("fused_conv2d checked these shapes: {error}"));
        FlexTensor::from_data(TensorData::new(output, shape.output()))
    }
}

/// An fp32 tensor's values in row-major order, borrowed when it is contiguous.
pub(crate) fn values(tensor: &FlexTensor) -> Cow<'_, [f32]> {
    match tensor.as_slice::<f32>() {
        Some(values) => Cow::Borrowed(values),
        None => Cow::Owned(tensor.to_contiguous().storage::<f32>().to_vec()),
    }
}
