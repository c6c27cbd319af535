# `import copy` and `copy.deepcopy` to copy data (mmengine reads a config with `import copy`
# the old way only when it has `_base_`).
_base_ = ['_base_/model.py']
import copy

base = dict(type='Resize', scale=(256, 256))
resized = copy.deepcopy(base)
resized['scale'] = (512, 512)
shallow = copy.copy([1, 2])
head = copy.deepcopy(_base_.model.head)
