# numpy is not needed to write a config
model = dict(type='ResNet')
import numpy as np
