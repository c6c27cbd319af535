# A small ResNet_CIFAR on a subset of the real Fashion-MNIST (512 training, 256 test images):
# sized for a CI test (seconds on two cores). Remove the `indices` and widen the model for a
# full run.
_base_ = [
    '../_base_/models/resnet18_cifar.py', '../_base_/datasets/fashion_mnist_bs64.py',
    '../_base_/default_runtime.py'
]

model = dict(
    backbone=dict(in_channels=1, stem_channels=16, base_channels=16),
    head=dict(in_channels=128))

train_dataloader = dict(dataset=dict(indices=512))
val_dataloader = dict(dataset=dict(indices=256))
test_dataloader = val_dataloader

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=0.0001))
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=True, T_max=2)

train_cfg = dict(by_epoch=True, max_epochs=2, val_interval=1)
val_cfg = dict()
test_cfg = dict()

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=2),
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3))

randomness = dict(seed=0, deterministic=False)
