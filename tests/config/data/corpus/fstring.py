# f-strings over config variables.
data_root = 'data/coco'
split = 'val'
depth = 50
lr = 1e-05
ann_file = f'{data_root}/annotations/person_keypoints_{split}2017.json'
name = f"resnet{depth}_{'x' * 2}_lr{lr}_{depth // 2}"
braces = f'{{literal}} {depth!r} {split!r} {None} {True}'
