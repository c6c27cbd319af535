//! BatchNorm in training mode on NCHW slices: each channel's batch statistics, the normalised
//! output and the gradients, each in one or two passes over the data, channels in parallel.

use rayon::prelude::*;

/// `[batch, channels, pixels]` of an NCHW tensor (`pixels` = height × width).
pub type NormDims = [usize; 3];

/// Each channel's mean and biased (population) variance, as `[means…, variances…]`: the
/// variance of the values minus their mean (two passes, as Burn and PyTorch compute it).
///
/// ```
/// use flex_conv::batch_norm_stats;
///
/// // Two images of one 2-pixel channel: values 1, 3 and 5, 7.
/// let stats = batch_norm_stats(&[1.0, 3.0, 5.0, 7.0], [2, 1, 2]);
/// assert_eq!(stats, [4.0, 5.0]);
/// ```
pub fn batch_norm_stats(input: &[f32], dims: NormDims) -> Vec<f32> {
    let [_, channels, _] = dims;
    let (means, variances): (Vec<f32>, Vec<f32>) = (0..channels)
        .into_par_iter()
        .map(|channel| {
            let count = count(dims);
            let mean = planes(input, dims, channel).map(sum).sum::<f64>() / count;
            let centred = planes(input, dims, channel).map(|plane| {
                let mean = mean as f32;
                lane_sum(plane, plane, |x, _| (x - mean) * (x - mean))
            });
            (mean as f32, (centred.sum::<f64>() / count) as f32)
        })
        .unzip();
    [means, variances].concat()
}

/// `(x − mean) · γ / √(var + ε) + β` per channel, with `stats` from [`batch_norm_stats`].
pub fn batch_norm_apply(
    input: &[f32],
    dims: NormDims,
    stats: &[f32],
    gamma: &[f32],
    beta: &[f32],
    epsilon: f64,
) -> Vec<f32> {
    let channels = dims[1];
    let affine = Affine::new(stats, gamma, epsilon);
    let mut output = vec![0.0; input.len()];
    output
        .par_chunks_mut(dims[2].max(1))
        .zip(input.par_chunks(dims[2].max(1)))
        .enumerate()
        .for_each(|(index, (out, x))| {
            let channel = index % channels;
            let (scale, shift) = affine.scale_shift(channel, beta[channel]);
            out.iter_mut()
                .zip(x)
                .for_each(|(y, &x)| *y = x * scale + shift);
        });
    output
}

/// The gradients of [`batch_norm_apply`] (with the statistics computed from `input` itself,
/// as in training) with respect to the input, γ and β, given `grad`, the output's gradient.
pub fn batch_norm_backward(
    input: &[f32],
    grad: &[f32],
    dims: NormDims,
    stats: &[f32],
    gamma: &[f32],
    epsilon: f64,
) -> [Vec<f32>; 3] {
    let channels = dims[1];
    let affine = Affine::new(stats, gamma, epsilon);
    // Per channel: Σ dy (β's gradient) and Σ dy · x̂ (γ's).
    let (grad_beta, grad_gamma): (Vec<f32>, Vec<f32>) = (0..channels)
        .into_par_iter()
        .map(|channel| {
            let (mean, inv_std) = (affine.mean[channel], affine.inv_std[channel]);
            let pairs = planes(input, dims, channel).zip(planes(grad, dims, channel));
            let (mut dy, mut dy_xhat) = (0.0f64, 0.0f64);
            for (x, g) in pairs {
                dy += sum(g);
                dy_xhat += lane_sum(x, g, |x, g| g * (x - mean)) * f64::from(inv_std);
            }
            (dy as f32, dy_xhat as f32)
        })
        .unzip();
    let count = count(dims) as f32;
    let mut input_grad = vec![0.0; input.len()];
    input_grad
        .par_chunks_mut(dims[2].max(1))
        .zip(
            input
                .par_chunks(dims[2].max(1))
                .zip(grad.par_chunks(dims[2].max(1))),
        )
        .enumerate()
        .for_each(|(index, (dx, (x, g)))| {
            let channel = index % channels;
            let (mean, inv_std) = (affine.mean[channel], affine.inv_std[channel]);
            let scale = gamma[channel] * inv_std;
            let (mean_dy, mean_dy_xhat) = (grad_beta[channel] / count, grad_gamma[channel] / count);
            for ((dx, &x), &g) in dx.iter_mut().zip(x).zip(g) {
                let xhat = (x - mean) * inv_std;
                *dx = scale * (g - mean_dy - xhat * mean_dy_xhat);
            }
        });
    [input_grad, grad_gamma, grad_beta]
}

/// Each channel's mean and `1 / √(var + ε)`, and γ.
struct Affine<'a> {
    mean: &'a [f32],
    inv_std: Vec<f32>,
    gamma: &'a [f32],
}

impl<'a> Affine<'a> {
    fn new(stats: &'a [f32], gamma: &'a [f32], epsilon: f64) -> Self {
        let (mean, variance) = stats.split_at(gamma.len());
        let inv_std = variance
            .iter()
            .map(|&v| (1.0 / (f64::from(v) + epsilon).sqrt()) as f32)
            .collect();
        Affine {
            mean,
            inv_std,
            gamma,
        }
    }

    /// `y = x · scale + shift` for `channel`.
    fn scale_shift(&self, channel: usize, beta: f32) -> (f32, f32) {
        let scale = self.gamma[channel] * self.inv_std[channel];
        (scale, beta - self.mean[channel] * scale)
    }
}

/// The values of `channel` in each image.
fn planes(
    values: &[f32],
    [batch, channels, pixels]: NormDims,
    channel: usize,
) -> impl Iterator<Item = &[f32]> {
    (0..batch).map(move |image| &values[(image * channels + channel) * pixels..][..pixels])
}

fn sum(values: &[f32]) -> f64 {
    lane_sum(values, values, |x, _| x)
}

/// `Σ f(a[i], b[i])` over equally long slices, in 16 independent lanes (so the compiler can
/// vectorise it: one running sum would fix the order of the additions), added in f64.
fn lane_sum(a: &[f32], b: &[f32], f: impl Fn(f32, f32) -> f32) -> f64 {
    const LANES: usize = 16;
    let mut lanes = [0.0f32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(&x, &y)| f(x, y))
        .sum();
    for (xs, ys) in a_chunks.zip(b_chunks) {
        for ((lane, &x), &y) in lanes.iter_mut().zip(xs).zip(ys) {
            *lane += f(x, y);
        }
    }
    lanes.iter().map(|&lane| f64::from(lane)).sum::<f64>() + f64::from(tail)
}

/// Values per channel, at least one.
fn count([batch, _, pixels]: NormDims) -> f64 {
    (batch * pixels).max(1) as f64
}
