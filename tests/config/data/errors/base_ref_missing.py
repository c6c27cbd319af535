_base_ = ['../../../../configs/_base_/models/resnet50.py']
head = {{_base_.model.head.nope}}
