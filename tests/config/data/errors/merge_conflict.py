_base_ = ['../../../../configs/_base_/models/resnet50.py']
model = dict(
    backbone=dict(
        depth=dict(value=101)))
