# A `for` loop over config values whose body assigns and appends, as mmpose's UBody configs
# build one dataset per scene; the loop's names stay assigned afterwards, as in Python.
scenes = ['Magic_show', 'Entertainment']
datasets = []
for scene in scenes:
    each = dict(type='UBody2dDataset', ann_file=f'annotations/{scene}/train.json')
    datasets.append(each)
sizes = []
for i, (w, h) in enumerate([(192, 256), (288, 384)]):
    sizes.extend([w * h, i])
