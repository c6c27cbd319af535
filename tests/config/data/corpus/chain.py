# A child of a child: inheritance goes through any number of levels.
_base_ = './inherit.py'
model = dict(head=dict(loss=dict(loss_weight=0.5)))
