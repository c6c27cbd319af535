//! The optimizer and learning-rate schedule of a run, from `optim_wrapper` and
//! `param_scheduler`: `paramwise_cfg` multipliers become burn-optim parameter groups, each with
//! its own optimizer (weight decay × `decay_mult`) and schedule (rate × `lr_mult`).

use anyhow::{anyhow, bail};
use burn::lr_scheduler::module_lr_scheduler::ModuleLrScheduler;
use burn::module::ParamGroup;
use burn::optim::ModuleOptimizer;
use registry_core::{BuildContext, KeyPath};
use serde_json::{Value, json};

use super::Trainee;
use crate::optim::{ClipGrad, OPTIM_WRAPPERS, OptimWrapperSpec, param_groups};
use crate::scheduler::Schedule;

/// `optim_wrapper`, built (default type `OptimWrapper`); an error names the key.
pub fn build_wrapper(config: &Value) -> anyhow::Result<Box<dyn OptimWrapperSpec>> {
    let mut wrapper = match config.get("optim_wrapper") {
        Some(Value::Object(map)) => map.clone(),
        None | Some(Value::Null) => bail!(
            "optim_wrapper: missing; training needs e.g. optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1))"
        ),
        Some(other) => bail!("optim_wrapper: expected a dict, got {other}"),
    };
    wrapper
        .entry("type")
        .or_insert_with(|| json!("OptimWrapper"));
    let mut ctx = BuildContext::default().at(KeyPath::root().key("optim_wrapper"));
    OPTIM_WRAPPERS
        .build_in(&Value::Object(wrapper), &mut ctx)
        .map_err(|error| anyhow!("{error}"))
}

/// The joint-norm clipping of the wrapper; value clipping is refused (it would change results
/// and the runner's step clips by norm only).
pub fn max_norm(wrapper: &dyn OptimWrapperSpec) -> anyhow::Result<Option<f32>> {
    match wrapper.plan().clip {
        None => Ok(None),
        Some(ClipGrad::Norm(norm)) => Ok(Some(norm)),
        Some(ClipGrad::Value(_)) => bail!(
            "optim_wrapper.clip_grad.type: clipping by value is not supported by the runner; use dict(max_norm=…)"
        ),
    }
}

/// burn's optimizer and scheduler for `trainee`: one group per distinct pair of multipliers.
/// `epoch_len`: iterations per epoch of the real train dataloader.
pub fn build(
    wrapper: &dyn OptimWrapperSpec,
    trainee: &Trainee,
    param_scheduler: Option<&Value>,
    epoch_len: u64,
    iteration_loop: bool,
) -> anyhow::Result<(ModuleOptimizer, ModuleLrScheduler, Schedule)> {
    let plan = wrapper.plan();
    let base_lr = plan.optimizer.lr();
    let schedule = Schedule::from_config(param_scheduler, base_lr, epoch_len, iteration_loop)?
        .with_stride(plan.accumulative_counts as u64);
    let mut optimizer = plan.optimizer.init(1.0);
    let mut scheduler = ModuleLrScheduler::new(schedule.clone());
    if !plan.paramwise.is_empty() {
        let mut groups: Vec<((u64, u64), Vec<String>)> = Vec::new();
        for param in param_groups(trainee, &plan.paramwise) {
            if param.lr_mult == 1.0 && param.decay_mult == 1.0 {
                continue;
            }
            let key = (param.lr_mult.to_bits(), param.decay_mult.to_bits());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, paths)) => paths.push(param.path),
                None => groups.push((key, vec![param.path])),
            }
        }
        for ((lr_mult, decay_mult), paths) in groups {
            let (lr_mult, decay_mult) = (f64::from_bits(lr_mult), f64::from_bits(decay_mult));
            optimizer = plan.optimizer.add_group(
                optimizer,
                ParamGroup::from_paths(paths.clone()),
                decay_mult,
            );
            scheduler = scheduler.with_group(
                ParamGroup::from_paths(paths),
                schedule.clone().with_lr_mult(lr_mult),
            );
        }
    }
    Ok((optimizer, scheduler, schedule))
}
