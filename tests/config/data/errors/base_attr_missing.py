_base_ = ['../../../../configs/_base_/models/resnet50.py']
optimizer = _base_.optimizer
