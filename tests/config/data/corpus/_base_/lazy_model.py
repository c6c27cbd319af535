# A new-style base: its classes are type references, never imported.
from mmengine.dataset import DefaultSampler

model = dict(type='ImageClassifier', backbone=dict(type='ResNet', depth=50), head=dict(num_classes=1000))
train_dataloader = dict(batch_size=32, sampler=dict(type=DefaultSampler, shuffle=True))
_private = 1
