//! [`batch_norm_train`]: Burn's `batch_norm_train`, run by [`crate::batch_norm_apply`] and its
//! backward on the Flex device (with or without autodiff).

use burn::backend::TensorMetadata;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::autodiff::{Autodiff, NodeId};
use burn::backend::flex::FlexTensor;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Flex, backend_extension};
use burn::tensor::module::BatchNormTrainOutput;
use burn::tensor::{DType, Tensor, TensorData};

use crate::batch_norm::{NormDims, batch_norm_apply, batch_norm_backward, batch_norm_stats};
use crate::extension::values;

/// BatchNorm in training mode: the input normalised with its own batch statistics, scaled by
/// `gamma` and shifted by `beta`, and those statistics (mean and biased variance, detached),
/// as `burn::tensor::module::batch_norm_train`.
///
/// On the Flex device (with or without autodiff), in fp32, this runs one pass per statistic
/// and one for the output (and two for the gradients), channels in parallel; anywhere else it
/// is Burn's own `batch_norm_train`.
///
/// ```
/// use burn::tensor::{Device, Tensor};
/// use flex_conv::batch_norm_train;
///
/// let device = Device::flex().autodiff();
/// let x = Tensor::<4>::from_floats([[[[1.0, 3.0]]], [[[5.0, 7.0]]]], &device).require_grad();
/// let gamma = Tensor::<1>::ones([1], &device).require_grad();
/// let beta = Tensor::<1>::zeros([1], &device).require_grad();
/// let out = batch_norm_train(x, gamma.clone(), beta, 0.0);
/// assert_eq!(out.mean.into_data().to_vec::<f32>().unwrap(), [4.0]);
/// assert_eq!(out.variance.into_data().to_vec::<f32>().unwrap(), [5.0]);
/// let grads = out.output.sum().backward();
/// assert_eq!(gamma.grad(&grads).unwrap().into_data().to_vec::<f32>().unwrap(), [0.0]);
/// ```
pub fn batch_norm_train(
    input: Tensor<4>,
    gamma: Tensor<1>,
    beta: Tensor<1>,
    epsilon: f64,
) -> BatchNormTrainOutput<4> {
    let device = input.device();
    let fits = crate::accelerates(&device.clone().inner())
        && [input.dtype(), gamma.dtype(), beta.dtype()] == [DType::F32; 3]
        && gamma.device() == device
        && beta.device() == device
        && [gamma.dims(), beta.dims()] == [[input.dims()[1]]; 2]
        && [&gamma, &beta]
            .iter()
            .all(|t| t.device().is_autodiff() == device.is_autodiff());
    if !fits {
        return burn::tensor::module::batch_norm_train(input, gamma, beta, epsilon);
    }
    let stats = Tensor::<2>::from_dispatch(
        <burn::backend::Dispatch as BatchNormStats>::batch_norm_stats(
            input.clone().inner().into_dispatch(),
        ),
    );
    let output = Tensor::from_dispatch(
        <burn::backend::Dispatch as TrainingBatchNorm>::batch_norm_train(
            input.into_dispatch(),
            gamma.into_dispatch(),
            beta.into_dispatch(),
            epsilon,
        ),
    );
    let row = |index: usize| {
        let channels = stats.dims()[1];
        let row = stats
            .clone()
            .slice([index..index + 1, 0..channels])
            .reshape([channels]);
        match device.is_autodiff() {
            true => Tensor::from_inner(row),
            false => row,
        }
    };
    BatchNormTrainOutput {
        mean: row(0),
        variance: row(1),
        output,
    }
}

/// Each channel's batch statistics, `[2, channels]` (means, then biased variances), for Flex.
#[backend_extension(Flex)]
pub trait BatchNormStats: Backend {
    /// The statistics of an NCHW fp32 `input`.
    fn batch_norm_stats(input: FloatTensor<Self>) -> FloatTensor<Self>;
}

impl BatchNormStats for Flex {
    fn batch_norm_stats(input: FlexTensor) -> FlexTensor {
        let dims = norm_dims(&input);
        let stats = batch_norm_stats(&values(&input), dims);
        FlexTensor::from_data(TensorData::new(stats, [2, dims[1]]))
    }
}

/// BatchNorm in training mode as a Burn backend extension, for Flex and Flex under autodiff:
/// [`batch_norm_train`] calls it only with such fp32 tensors.
#[backend_extension(Flex, Autodiff)]
pub trait TrainingBatchNorm: Backend {
    /// The normalised, scaled and shifted NCHW `input`.
    fn batch_norm_train(
        input: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> FloatTensor<Self>;
}

impl TrainingBatchNorm for Flex {
    fn batch_norm_train(
        input: FlexTensor,
        gamma: FlexTensor,
        beta: FlexTensor,
        epsilon: f64,
    ) -> FlexTensor {
        normalise(&input, &gamma, &beta, epsilon).0
    }
}

impl<C: CheckpointStrategy> TrainingBatchNorm for Autodiff<Flex, C> {
    fn batch_norm_train(
        input: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> FloatTensor<Self> {
        match NormBackward
            .prepare::<C>([input.node(), gamma.node(), beta.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(mut prep) => {
                let (output, stats) = normalise(
                    input.primitive(),
                    gamma.primitive(),
                    beta.primitive(),
                    epsilon,
                );
                let state = (
                    prep.checkpoint(&input),
                    prep.checkpoint(&gamma),
                    stats,
                    epsilon,
                );
                prep.finish(state, output)
            }
            OpsKind::UnTracked(prep) => prep.finish(
                normalise(
                    input.primitive(),
                    gamma.primitive(),
                    beta.primitive(),
                    epsilon,
                )
                .0,
            ),
        }
    }
}

/// Registers the gradients of the input, γ and β.
#[derive(Debug)]
struct NormBackward;

impl Backward<Flex, 3> for NormBackward {
    type State = (NodeId, NodeId, Vec<f32>, f64);

    fn backward(
        self,
        ops: Ops<Self::State, 3>,
        grads: &mut Gradients,
        checkpointer: &mut Checkpointer,
    ) {
        let [input_node, gamma_node, beta_node] = ops.parents;
        let grad = grads.consume::<Flex>(&ops.node);
        let (input, gamma, stats, epsilon) = ops.state;
        let input = checkpointer.retrieve_node_output::<FlexTensor>(input);
        let gamma = checkpointer.retrieve_node_output::<FlexTensor>(gamma);
        let dims = norm_dims(&input);
        let [input_grad, gamma_grad, beta_grad] = batch_norm_backward(
            &values(&input),
            &values(&grad),
            dims,
            &stats,
            &values(&gamma),
            epsilon,
        );
        let channels = [dims[1]];
        for (node, grad, shape) in [
            (input_node, input_grad, input.shape().to_vec()),
            (gamma_node, gamma_grad, channels.to_vec()),
            (beta_node, beta_grad, channels.to_vec()),
        ] {
            if let Some(node) = node {
                grads
                    .register::<Flex>(node.id, FlexTensor::from_data(TensorData::new(grad, shape)));
            }
        }
    }
}

/// The output and the statistics it was normalised with.
fn normalise(
    input: &FlexTensor,
    gamma: &FlexTensor,
    beta: &FlexTensor,
    epsilon: f64,
) -> (FlexTensor, Vec<f32>) {
    let dims = norm_dims(input);
    let input_values = values(input);
    let stats = batch_norm_stats(&input_values, dims);
    let output = batch_norm_apply(
        &input_values,
        dims,
        &stats,
        &values(gamma),
        &values(beta),
        epsilon,
    );
    let output = FlexTensor::from_data(TensorData::new(output, input.shape().to_vec()));
    (output, stats)
}

/// `[batch, channels, height · width]` of an NCHW tensor.
fn norm_dims(input: &FlexTensor) -> NormDims {
    let shape = input.shape();
    [shape[0], shape[1], shape[2..].iter().product()]
}
