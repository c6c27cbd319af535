//! mmengine's `clip_grad`: by the joint L2 norm of all gradients (`max_norm`, as
//! `torch.nn.utils.clip_grad_norm_`) or by value (`type='value'`, `clip_value`).

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

/// `clip_grad`'s keys: `dict(max_norm=35, norm_type=2)` or `dict(type='value', clip_value=1)`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClipGradArgs {
    /// `'norm'` (default) or `'value'`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The joint L2 norm to clip to.
    #[serde(default)]
    pub max_norm: Option<f64>,
    /// The norm's order: only 2 is supported.
    #[serde(default)]
    pub norm_type: Option<f64>,
    /// The value every gradient element is clamped to (±).
    #[serde(default)]
    pub clip_value: Option<f64>,
}

/// How gradients are clipped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClipGrad {
    /// Scale all gradients together so that their joint L2 norm is at most this.
    Norm(f32),
    /// Clamp every gradient element to ± this.
    Value(f32),
}

impl ClipGrad {
    /// Reads `args` (found at `ctx`'s `clip_grad`); errors name the key.
    pub fn from_args(args: &ClipGradArgs, ctx: &BuildContext) -> Result<Self, BuildError> {
        let positive = |key: &str, value: Option<f64>| match value {
            Some(value) if value.is_finite() && value > 0.0 => Ok(value as f32),
            Some(value) => {
                Err(ctx.invalid(key, format!("expected a positive number, got {value}")))
            }
            None => Err(ctx.invalid(key, "missing")),
        };
        match args.kind.as_deref().unwrap_or("norm") {
            "norm" => {
                if let Some(norm_type) = args.norm_type
                    && norm_type != 2.0
                {
                    return Err(ctx.invalid(
                        "norm_type",
                        format!("only the L2 norm (2) is supported, got {norm_type}"),
                    ));
                }
                Ok(Self::Norm(positive("max_norm", args.max_norm)?))
            }
            "value" => Ok(Self::Value(positive("clip_value", args.clip_value)?)),
            other => Err(ctx.invalid(
                "type",
                format!("unknown clipping `{other}`; expected 'norm' or 'value'"),
            )),
        }
    }
}

/// Scales all of `grads` by one factor so that their joint L2 norm is at most `max_norm`, as
/// PyTorch's `clip_grad_norm_` (which mmengine's `clip_grad` calls). The factor stays on the
/// device: no synchronisation.
pub fn clip_joint_norm<M: Module>(
    module: &M,
    grads: GradientsParams,
    max_norm: f32,
) -> GradientsParams {
    let mut squares = SquaredNorm {
        grads: &grads,
        total: None,
    };
    module.visit(&mut squares);
    let Some(total) = squares.total else {
        return grads;
    };
    let factor = total
        .sqrt()
        .add_scalar(1e-6)
        .recip()
        .mul_scalar(max_norm)
        .clamp_max(1.0);
    let mut scale = Scale { grads, factor };
    module.visit(&mut scale);
    scale.grads
}

/// Sums the squares of every gradient of a module's float parameters.
struct SquaredNorm<'a> {
    grads: &'a GradientsParams,
    total: Option<Tensor<1>>,
}

impl ModuleVisitor for SquaredNorm<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(grad) = self.grads.get::<D>(param.id) {
            let sum = grad.square().sum();
            self.total = Some(match self.total.take() {
                Some(total) => total + sum,
                None => sum,
            });
        }
    }
}

/// Multiplies every gradient of a module's float parameters by `factor` (shape `[1]`).
struct Scale {
    grads: GradientsParams,
    factor: Tensor<1>,
}

impl ModuleVisitor for Scale {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(grad) = self.grads.remove::<D>(param.id) {
            let factor = self.factor.clone().unsqueeze::<D>();
            self.grads.register(param.id, grad.mul(factor));
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::nn::{Linear, LinearConfig};
    use burn::tensor::Device;

    use super::*;

    #[derive(Module, Debug)]
    struct Two {
        a: Linear,
        b: Linear,
    }

    /// Gradients 3 and 4 (joint norm 5) of two one-weight layers.
    fn setup() -> (Two, GradientsParams) {
        let device = Device::flex().autodiff();
        let layer = || LinearConfig::new(1, 1).with_bias(false).init(&device);
        let two = Two {
            a: layer(),
            b: layer(),
        };
        let mut grads = GradientsParams::new();
        grads.register(
            two.a.weight.id,
            Tensor::<2>::from_floats([[3.0]], &Device::flex()),
        );
        grads.register(
            two.b.weight.id,
            Tensor::<2>::from_floats([[4.0]], &Device::flex()),
        );
        (two, grads)
    }

    fn value(grads: &GradientsParams, param: &Param<Tensor<2>>) -> f32 {
        grads.get::<2>(param.id).unwrap().into_scalar::<f32>()
    }

    #[test]
    fn clipping_scales_all_gradients_together() {
        let (two, grads) = setup();
        let grads = clip_joint_norm(&two, grads, 1.0);
        assert!((value(&grads, &two.a.weight) - 0.6).abs() < 1e-5);
        assert!((value(&grads, &two.b.weight) - 0.8).abs() < 1e-5);
    }

    #[test]
    fn gradients_within_the_norm_are_unchanged() {
        let (two, grads) = setup();
        let grads = clip_joint_norm(&two, grads, 10.0);
        assert!((value(&grads, &two.a.weight) - 3.0).abs() < 1e-5);
        assert!((value(&grads, &two.b.weight) - 4.0).abs() < 1e-5);
    }
}
