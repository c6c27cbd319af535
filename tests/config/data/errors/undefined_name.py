model = dict(
    backbone=dict(depth=depth))
