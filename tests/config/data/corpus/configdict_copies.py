# Values set into a ConfigDict (`_base_` and `name = _base_.name`) are converted copies, so
# changing the source afterwards changes only the source; a list built in this file may be
# appended to after its items were built (nothing else holds it).
_base_ = ['_base_/model.py']
pipeline = [dict(type='Resize', scale=224)]
_base_.model.pipeline = pipeline
pipeline[0]['scale'] = 256
model = _base_.model
model.head = pipeline
pipeline[0]['scale'] = 320
datasets = []
for scale in [1, 2]:
    each = dict(scale=scale)
    datasets.append(each)
datasets.append(dict(scale=3))
