_base_ = ['./resnet50_8xb32_in1k.py']

# Replace the whole loss (not merge into CrossEntropyLoss's settings).
model = dict(
    head=dict(
        loss=dict(
            _delete_=True,
            type='LabelSmoothLoss',
            label_smooth_val=0.1,
            mode='original',
            loss_weight=1.0)))
