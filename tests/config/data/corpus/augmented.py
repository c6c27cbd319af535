# Augmented assignment, as mmpretrain's mobileone configs scale an augmentation in place.
_base_ = ['_base_/model.py']
import copy

base_pipeline = [dict(type='Resize', scale=224), dict(type='RandAugment', magnitude_level=9)]
pipeline = copy.deepcopy(base_pipeline)
pipeline[1]['magnitude_level'] *= 0.1
pipeline[0]['scale'] += 32
epochs = 100
epochs //= 3
epochs **= 2
flags = 0b1010
flags |= 1
flags <<= 2
names = ['a']
names += ['b']
