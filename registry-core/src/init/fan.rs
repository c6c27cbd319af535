//! Fans and gains, as PyTorch's `torch.nn.init` computes them, and the two ways of drawing
//! fan-scaled weights.

use schemars::JsonSchema;
use serde::Deserialize;

use super::sampler::Sampler;

/// Which fan scales a Kaiming initialisation (`mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FanMode {
    /// Preserves the variance of activations in the forward pass.
    FanIn,
    /// Preserves the variance of gradients in the backward pass.
    FanOut,
}

/// How fan-scaled weights are drawn (`distribution`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScaledDistribution {
    /// `N(0, std²)`.
    Normal,
    /// `U(-√3·std, √3·std)`, of the same standard deviation.
    Uniform,
}

impl ScaledDistribution {
    /// Zero-mean weights of standard deviation `std`.
    pub(crate) fn sampler(self, std: f64) -> Sampler {
        match self {
            ScaledDistribution::Normal => Sampler::Normal { mean: 0.0, std },
            ScaledDistribution::Uniform => {
                let bound = 3f64.sqrt() * std;
                Sampler::Uniform {
                    low: -bound,
                    high: bound,
                }
            }
        }
    }
}

/// `(fan_in, fan_out)` of a weight of Burn shape `shape` in a layer of container type
/// `layer`, as PyTorch computes them from its own layout (Burn's Linear weight is `[in, out]`,
/// PyTorch's `[out, in]`; convolutions agree).
pub(crate) fn fans(shape: &[usize], layer: &str) -> Result<(f64, f64), String> {
    if shape.len() < 2 {
        return Err(format!(
            "fan in and fan out cannot be computed for a weight of shape {shape:?} (fewer than 2 \
             dimensions)"
        ));
    }
    let (outputs, inputs) = match layer {
        "Struct:Linear" => (shape[1], shape[0]),
        _ => (shape[0], shape[1]),
    };
    let receptive: usize = shape[2..].iter().product();
    Ok(((inputs * receptive) as f64, (outputs * receptive) as f64))
}

/// PyTorch's `calculate_gain(nonlinearity, param)`.
pub(crate) fn gain(nonlinearity: &str, param: f64) -> Result<f64, String> {
    Ok(match nonlinearity {
        "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d"
        | "conv_transpose3d" | "sigmoid" => 1.0,
        "tanh" => 5.0 / 3.0,
        "relu" => 2f64.sqrt(),
        "leaky_relu" => (2.0 / (1.0 + param * param)).sqrt(),
        "selu" => 0.75,
        other => {
            return Err(format!(
                "unsupported nonlinearity `{other}`; expected one of linear, conv1d, conv2d, \
                 conv3d, sigmoid, tanh, relu, leaky_relu, selu"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fans_follow_pytorch_layouts() {
        assert_eq!(fans(&[64, 3, 7, 7], "Struct:Conv2d"), Ok((147.0, 3136.0)));
        // Burn's Linear weight [in=512, out=10] is PyTorch's [10, 512].
        assert_eq!(fans(&[512, 10], "Struct:Linear"), Ok((512.0, 10.0)));
        assert!(fans(&[64], "Struct:BatchNorm").is_err());
    }

    #[test]
    fn gains_match_pytorch() {
        assert_eq!(gain("relu", 0.0), Ok(2f64.sqrt()));
        assert_eq!(gain("leaky_relu", 0.0), Ok(2f64.sqrt()));
        assert!((gain("leaky_relu", 0.2).unwrap() - (2.0 / 1.04f64).sqrt()).abs() < 1e-12);
        assert!(gain("softmax", 0.0).is_err());
    }
}
