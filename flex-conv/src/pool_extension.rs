//! [`inference_max_pool2d`] on Burn tensors: our [`max_pool2d`](crate::max_pool2d) on the Flex
//! device, through Burn's backend-extension mechanism, and Burn's own operation everywhere else.

use burn::backend::flex::FlexTensor;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Flex, backend_extension};
use burn::tensor::ops::MaxPoolOptions;
use burn::tensor::{DType, Tensor, TensorData};

use crate::extension::values;
use crate::{MaxPool2dShape, accelerates, max_pool2d};

/// A drop-in for Burn's `max_pool2d`: on the Flex device without autodiff (inference), in fp32,
/// floor mode, without dilation and with symmetric padding, it runs [`max_pool2d`] (Burn's
/// also computes the indices a backward pass would need, one window value at a time); anywhere
/// else it runs Burn's own operation.
///
/// ```
/// use burn::tensor::{Device, Tensor, ops::MaxPoolOptions};
/// use flex_conv::inference_max_pool2d;
///
/// let x = Tensor::<4>::from_floats([[[[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]]]], &Device::flex());
/// let pooled = inference_max_pool2d(x, MaxPoolOptions::new([2, 2]).with_stride([1, 1]));
/// assert_eq!(pooled.into_data().to_vec::<f32>().unwrap(), [5.0, 6.0]);
/// ```
pub fn inference_max_pool2d(input: Tensor<4>, options: MaxPoolOptions<2>) -> Tensor<4> {
    match flex_shape(&input, &options) {
        Some(shape) => Tensor::from_dispatch(<burn::backend::Dispatch as FastMaxPool>::max_pool2d(
            input.into_dispatch(),
            shape,
        )),
        None => burn::tensor::module::max_pool2d(input, options),
    }
}

/// The shape when `input` is an fp32 Flex tensor without autodiff and the options fit our
/// kernel; `None` sends the call to Burn's operation.
fn flex_shape(input: &Tensor<4>, options: &MaxPoolOptions<2>) -> Option<MaxPool2dShape> {
    let symmetric = options.padding.iter().all(|(begin, end)| begin == end);
    let plain = options.dilation == [1, 1] && !options.ceil_mode && symmetric;
    (plain && input.dtype() == DType::F32 && accelerates(&input.device()))
        .then(|| {
            let padding = options.padding.map(|(begin, _)| begin);
            MaxPool2dShape::new(input.dims(), options.kernel_size, options.stride, padding)
        })
        .flatten()
}

/// Max pooling as a Burn backend extension, implemented for Flex only:
/// [`inference_max_pool2d`] calls it only with a Flex tensor and a shape it has checked.
#[backend_extension(Flex)]
pub trait FastMaxPool: Backend {
    /// See [`inference_max_pool2d`]; `shape` is checked and agrees with the tensor.
    fn max_pool2d(input: FloatTensor<Self>, shape: MaxPool2dShape) -> FloatTensor<Self>;
}

impl FastMaxPool for Flex {
    fn max_pool2d(input: FlexTensor, shape: MaxPool2dShape) -> FlexTensor {
        let output = max_pool2d(&shape, &values(&input))
            .unwrap_or_else(|error| panic!("inference_max_pool2d checked this shape: {error}"));
        FlexTensor::from_data(TensorData::new(output, shape.output()))
    }
}
