# model settings
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet',
        depth=50,
        num_stages=4,
        out_indices=(3, ),
        style='pytorch'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='MultiLabelLinearClsHead',
        num_classes=1000,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0, use_soft=True)),
    # mmpretrain's own file still says type='BatchCutMix', num_classes=1000, prob=1.0 (mmcls
    # 0.x's names, which mmpretrain 1.x no longer registers: its runner refuses that file too);
    # 1.x's CutMix takes only alpha, cutmix_minmax and correct_lam, and always applies.
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)))
