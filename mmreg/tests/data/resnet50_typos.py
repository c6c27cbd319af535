# Two mistakes, for README's example of config errors (mmreg/tests/readme.rs runs it).
_base_ = ['../../../configs/_base_/models/resnet50.py']
model = dict(backbone=dict(depth=51), neck=dict(type='GlobalAveragePoolin'))
