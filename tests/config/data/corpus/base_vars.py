_base_ = ['./_base_/model.py']
# A base's variables are visible: as `{{_base_.x}}` (mmengine), `_base_.x` and by name.
head_copy = {{_base_.model.head.loss}}
backbone_type = _base_.model.backbone.type
bgr_mean = norm_mean[::-1]
pad_val = [round(x) for x in _base_.norm_mean]
model = dict(head=dict(num_classes={{ _base_.model.head.topk }}[1] * 2))
