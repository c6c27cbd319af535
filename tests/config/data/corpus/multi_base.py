# Bases of every format merge in order; the child's new keys come last.
_base_ = ['./_base_/model.py', './_base_/schedule.json', './_base_/runtime.yaml']
optim_wrapper = dict(optimizer=dict(lr=0.01))
work_dir = './work_dirs/multi_base'
