depth = 50
name = f'resnet{depth}'
