//! [`differentiable_conv2d`]: Burn's `conv2d`, with our kernels forward and backward on the
//! Flex device (with or without autodiff).

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::autodiff::{Autodiff, NodeId};
use burn::backend::flex::FlexTensor;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Flex, backend_extension};
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor, TensorData};

use crate::extension::{kernel_shape, values};
use crate::{Conv2dShape, Epilogue, conv2d, conv2d_input_grad, conv2d_weight_grad};

/// `conv2d(input, weight) + bias`, as `burn::tensor::module::conv2d`.
///
/// On the Flex device, in fp32 with symmetric padding, the convolution runs
/// [`conv2d`](crate::conv2d), and under autodiff its gradients run
/// [`conv2d_input_grad`] and [`conv2d_weight_grad`]; anywhere else it is Burn's own `conv2d`.
/// Use it in a module's `forward` for training; for inference with a norm folded in, see
/// [`fused_conv2d`](crate::fused_conv2d).
///
/// ```
/// use burn::tensor::{Device, Tensor, ops::ConvOptions};
/// use flex_conv::differentiable_conv2d;
///
/// let device = Device::flex().autodiff();
/// let x = Tensor::<4>::ones([1, 1, 3, 3], &device).require_grad();
/// let w = Tensor::<4>::ones([1, 1, 2, 2], &device).require_grad();
/// let y = differentiable_conv2d(x.clone(), w.clone(), None, ConvOptions::new([1, 1], [0, 0], [1, 1], 1));
/// let grads = y.sum().backward();
/// let dw = w.grad(&grads).unwrap().into_data().to_vec::<f32>().unwrap();
/// assert_eq!(dw, [4.0; 4]); // each tap sees four ones
/// ```
pub fn differentiable_conv2d(
    input: Tensor<4>,
    weight: Tensor<4>,
    bias: Option<Tensor<1>>,
    options: ConvOptions<2>,
) -> Tensor<4> {
    let shape = on_flex(&input.device())
        .then(|| kernel_shape(&input, &weight, &options))
        .flatten()
        .filter(|_| input.device().is_autodiff() == weight.device().is_autodiff());
    let Some(shape) = shape else {
        return burn::tensor::module::conv2d(input, weight, bias, options);
    };
    let output = Tensor::from_dispatch(<burn::backend::Dispatch as DifferentiableConv>::conv2d(
        input.into_dispatch(),
        weight.into_dispatch(),
        shape,
    ));
    match bias {
        Some(bias) => output + bias.reshape([1, shape.output()[1], 1, 1]),
        None => output,
    }
}

/// True for the Flex device, with or without autodiff.
fn on_flex(device: &Device) -> bool {
    crate::accelerates(&device.clone().inner())
}

/// The convolution as a Burn backend extension, for Flex and Flex under autodiff:
/// [`differentiable_conv2d`] calls it only with such tensors and a shape it has checked.
#[backend_extension(Flex, Autodiff)]
pub trait DifferentiableConv: Backend {
    /// The convolution of `input` by `weight`; `shape` is checked and agrees with them.
    fn conv2d(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        shape: Conv2dShape,
    ) -> FloatTensor<Self>;
}

impl DifferentiableConv for Flex {
    fn conv2d(input: FlexTensor, weight: FlexTensor, shape: Conv2dShape) -> FlexTensor {
        forward(&input, &weight, shape)
    }
}

impl<C: CheckpointStrategy> DifferentiableConv for Autodiff<Flex, C> {
    fn conv2d(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        shape: Conv2dShape,
    ) -> FloatTensor<Self> {
        match ConvBackward
            .prepare::<C>([input.node(), weight.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(mut prep) => {
                let state = (prep.checkpoint(&input), prep.checkpoint(&weight), shape);
                prep.finish(state, forward(input.primitive(), weight.primitive(), shape))
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(forward(input.primitive(), weight.primitive(), shape))
            }
        }
    }
}

/// Registers the input's and the weight's gradients, from the forward's input and weight.
#[derive(Debug)]
struct ConvBackward;

impl Backward<Flex, 2> for ConvBackward {
    type State = (NodeId, NodeId, Conv2dShape);

    fn backward(
        self,
        ops: Ops<Self::State, 2>,
        grads: &mut Gradients,
        checkpointer: &mut Checkpointer,
    ) {
        let [input_node, weight_node] = ops.parents;
        let grad = grads.consume::<Flex>(&ops.node);
        let (input, weight, shape) = ops.state;
        let input = checkpointer.retrieve_node_output::<FlexTensor>(input);
        let weight = checkpointer.retrieve_node_output::<FlexTensor>(weight);
        let grad = values(&grad);
        if let Some(node) = input_node {
            let input_grad = conv2d_input_grad(&shape, &grad, &values(&weight));
            grads.register::<Flex>(node.id, tensor(input_grad, shape.input));
        }
        if let Some(node) = weight_node {
            let weight_grad = conv2d_weight_grad(&shape, &values(&input), &grad);
            grads.register::<Flex>(node.id, tensor(weight_grad, shape.weight));
        }
    }
}

fn forward(input: &FlexTensor, weight: &FlexTensor, shape: Conv2dShape) -> FlexTensor {
    let output = conv2d(
        &shape,
        &values(input),
        &values(weight),
        &Epilogue::default(),
    );
    tensor(output, shape.output())
}

/// A Flex tensor of `shape` from a kernel's result, whose lengths the caller checked.
fn tensor(values: Result<Vec<f32>, crate::ConvError>, shape: [usize; 4]) -> FlexTensor {
    let values = values
        .unwrap_or_else(|error| panic!("differentiable_conv2d checked these shapes: {error}"));
    FlexTensor::from_data(TensorData::new(values, shape))
}
