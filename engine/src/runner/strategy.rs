//! Where training runs: burn-train's execution strategy for the devices given.

use burn::tensor::Device;
use burn::tensor::distributed::{DistributedConfig, ReduceOperation};
use burn::train::{ExecutionStrategy, MultiDeviceOptim};
use registry_core::device::is_cuda;

/// One device: burn-train's single-device strategy. Several CUDA GPUs: its DDP strategy (a model
/// replica per GPU, gradients summed by NCCL's all-reduce after each backward pass, each replica
/// stepping its own optimizer). Anything else: its multi-device strategy (a replica per device
/// in one thread each, gradients summed onto the first device, which steps the optimizer and
/// sends the new weights back). Summing matches the trainee's loss, divided by the device count.
pub fn execution_strategy(devices: &[Device]) -> ExecutionStrategy {
    match devices {
        [device] => ExecutionStrategy::single(device.clone()),
        _ if devices.iter().all(is_cuda) => ExecutionStrategy::ddp(
            devices.to_vec(),
            DistributedConfig {
                all_reduce_op: ReduceOperation::Sum,
            },
        ),
        _ => ExecutionStrategy::multi(devices.to_vec(), MultiDeviceOptim::OptimMainDevice),
    }
}
