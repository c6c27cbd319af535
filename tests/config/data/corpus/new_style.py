# A new-style config: `read_base()` imports are inheritance (Python's `import *`: variables are
# replaced, not merged), an imported class is a type reference written `module.Name`.
from mmengine.config import read_base

with read_base():
    from ._base_.lazy_model import *

from mmpretrain.models import ResNet, LinearClsHead as Head

model.backbone.type = ResNet
model.backbone.depth = 101
head = dict(type=Head, num_classes=10)
sampler = train_dataloader.sampler
train_dataloader = dict(batch_size=8)
