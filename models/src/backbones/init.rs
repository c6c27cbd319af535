//! `init_weights` of the ResNet family, as mmpretrain's `ResNet.init_weights`.

use burn::module::{Module, ModuleMapper, Param};
use burn::tensor::Tensor;
use registry_core::init::{InitContext, InitError, has_pretrained, init_module};

use super::resnet::ResNet;

/// Applies the backbone's `init_cfg` (mmengine's order), then, with `zero_init_residual` and
/// no `Pretrained` entry, zeroes the weight and bias of every block's last norm (mmpretrain's
/// `constant_init(norm3, 0)`), so that blocks start as identities.
///
/// Without `init_cfg` the weights built are already mmpretrain's defaults (Kaiming-normal
/// convolutions, unit norms), and only the zeroing is reapplied.
pub(crate) fn init_resnet(resnet: &mut ResNet, ctx: &mut InitContext) -> Result<(), InitError> {
    ctx.add_key_maps(crate::checkpoints::key_maps());
    let init_cfg = resnet.init_cfg().cloned();
    init_module(resnet, init_cfg.as_ref(), ctx, |_, _| Ok(()))?;
    if resnet.zero_init_residual() && !has_pretrained(init_cfg.as_ref()) {
        *resnet = resnet.clone().map(&mut ZeroLastNorms::default());
    }
    Ok(())
}

/// Zeroes the weight and bias (`gamma`, `beta`) of `bn2` in basic blocks and `bn3` in
/// bottlenecks, lazily.
#[derive(Default)]
struct ZeroLastNorms {
    /// `(field, type of the module holding it)` from the root.
    path: Vec<(String, String)>,
}

impl ZeroLastNorms {
    fn in_last_norm(&self) -> bool {
        let Some([(norm, block), (param, _)]) = self.path.last_chunk::<2>() else {
            return false;
        };
        let last = matches!(
            (norm.as_str(), block.as_str()),
            ("bn2", "Struct:BasicBlock") | ("bn3", "Struct:Bottleneck")
        );
        last && matches!(param.as_str(), "gamma" | "beta")
    }
}

impl ModuleMapper for ZeroLastNorms {
    fn enter_module(&mut self, name: &str, container_type: &str) {
        self.path.push((name.to_owned(), container_type.to_owned()));
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        match self.in_last_norm() {
            true => param.init_mapper(|value: Tensor<D>| value.zeros_like()),
            false => param,
        }
    }
}
