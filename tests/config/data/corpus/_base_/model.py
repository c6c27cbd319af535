model = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=50, style='pytorch'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 5)))
norm_mean = [123.675, 116.28, 103.53]
