filename = 'resnet50.py'
