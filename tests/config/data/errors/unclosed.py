model = dict(
    type='ResNet',
