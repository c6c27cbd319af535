# New-style configs change inherited dicts with ConfigDict's `update` (recursive, `_delete_`
# is plain data) and `merge` (mmengine's merge: `_delete_` replaces); names a base imported
# are visible here and left out of the config.
from mmengine.config import read_base

with read_base():
    from ._base_.lazy_model import *

model.update(backbone=dict(depth=18), head=dict(_delete_=True, num_classes=5))
model.backbone.update({'frozen_stages': 1})
train_dataloader.merge(dict(sampler=dict(_delete_=True, type='Seq'), num_workers=2))
sampler_type = DefaultSampler
