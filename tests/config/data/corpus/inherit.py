# One base as a plain string; the child merges recursively over it.
_base_ = './_base_/model.py'
model = dict(backbone=dict(depth=101), head=dict(num_classes=10, topk=(1, )))
