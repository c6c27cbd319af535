# Assignment into `_base_` changes the bases the file is merged over, as mmpretrain's
# mobileone configs set `_base_.train_dataloader.dataset.pipeline = ...`.
_base_ = ['_base_/model.py']
_base_.model.backbone.depth = 101
_base_.model['head']['num_classes'] = 7
depth = _base_.model.backbone.depth
