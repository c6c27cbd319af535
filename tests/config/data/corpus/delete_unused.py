# `_delete_` is read only where the dict merges over a base value; elsewhere mmengine keeps it,
# as mmaction2's kinetics710 configs keep it in `k710_trainset`.
_base_ = ['_base_/model.py']
model = dict(head=dict(_delete_=True, type='LinearClsHead', num_classes=3))
k710_trainset = dict(type='ConcatDataset', datasets=[], _delete_=True)
train_dataloader = dict(dataset=k710_trainset)
