# Dict and list unpacking, as mmpose and mmaction2 configs write it.
base_pipeline = [dict(type='LoadImage'), dict(type='Resize', scale=(256, 192))]
aug = [dict(type='RandomFlip', prob=0.5)]
train_pipeline = [*base_pipeline, *aug, dict(type='PackInputs')]
optim = dict(type='SGD', lr=0.01, momentum=0.9)
optim_wrapper = dict(optimizer=dict(**optim, weight_decay=1e-4), clip_grad=None)
overridden = {**optim, 'lr': 0.02, **dict(nesterov=True)}
pair = (*aug, 1)
from_list = dict([('a', 1), ('b', 2)], c=3)
from_dict = dict(optim, lr=0.1)
