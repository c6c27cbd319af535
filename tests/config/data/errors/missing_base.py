_base_ = [
    '../../../../configs/_base_/models/resnet50.py', './_base_/does_not_exist.py'
]
