# Assignment to attributes and subscripts: attributes of the ConfigDicts `_base_` gives,
# subscripts of any dict or list.
_base_ = ['_base_/model.py']
model = _base_.model
model.backbone.depth = 101
model['head']['num_classes'] = 80
model.neck = dict(type='GlobalAveragePooling')
train_pipeline = [dict(type='Load'), dict(type='Resize', scale=(256, 256)), dict(type='Pack')]
train_pipeline[1]['scale'] = (640, 640)
train_pipeline[-1]['meta_keys'] = ['img']
depth = model.backbone.depth
