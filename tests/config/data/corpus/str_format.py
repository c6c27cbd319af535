# `str.format` with `{}`, `{0}` and `{name}` fields, as mmpretrain's IPU ViT config names
# checkpoint nodes ['backbone.layers.{}'.format(i) for i in range(12)].
nodes = ['backbone.layers.{}'.format(i) for i in range(3)]
path = '{0}/{name}_{0}.{{json}}'.format('data', name=1.5)
