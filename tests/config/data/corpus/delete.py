_base_ = ['./_base_/model.py']
# `_delete_=True` replaces the base's head instead of merging into it.
model = dict(
    head=dict(_delete_=True, type='MultiLabelLinearClsHead', num_classes=80),
    backbone=dict(_delete_=False, depth=18))
