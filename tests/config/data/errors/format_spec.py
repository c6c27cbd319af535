depth = 50
name = f'resnet{depth:03d}'
