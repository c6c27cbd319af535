# Names refer to variables assigned earlier; a reassignment keeps the key's first position.
dataset_type = 'ImageNet'
depth = 50
backbone = dict(type='ResNet', depth=depth)
model = dict(backbone=backbone, neck=None)
depth = 101
__private = 'not a config key'
_single = 'kept, as in mmengine'
train = dict(type=dataset_type, copy_of_private=__private)
