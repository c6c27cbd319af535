_base_ = ['../../../../configs/_base_/models/resnet50.py']
model = dict(head=dict(_delete_='yes', type='X'))
