# `.copy()` of a dict or a list, as mmaction2's kinetics710 configs copy a dataset.
k400_valset = dict(type='VideoDataset', ann_file='k400_val.txt', pipeline=[dict(type='Decode')])
k400_testset = k400_valset.copy()
k400_testset['ann_file'] = 'k400_test.txt'
scales = [1, 2].copy()
