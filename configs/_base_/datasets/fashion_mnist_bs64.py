# dataset settings: Fashion-MNIST as Debian's dataset-fashion-mnist package installs it
# (apt-get install dataset-fashion-mnist): 28×28 grey images, 10 classes.
dataset_type = 'FashionMNIST'
data_preprocessor = dict(
    num_classes=10,
    # one channel: Fashion-MNIST's mean and std on the 0-255 scale
    mean=[72.94],
    std=[90.02],
    to_rgb=False)

train_pipeline = [
    dict(type='RandomCrop', crop_size=28, padding=2),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=64,
    num_workers=2,
    dataset=dict(
        type=dataset_type,
        data_root='/usr/share/datasets/fashion-mnist',
        split='train',
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)

val_dataloader = dict(
    batch_size=64,
    num_workers=2,
    dataset=dict(
        type=dataset_type,
        data_root='/usr/share/datasets/fashion-mnist',
        split='test',
        pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, ))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
