# A value without brackets is a tuple: mmaction2's posec3d gym-limb config ends a dict with
# `),` by mistake, and mmengine keeps the tuple of one dict.
train_dataloader = dict(batch_size=16, num_workers=8),
scales = 1, 2, 3
single = 'x',
