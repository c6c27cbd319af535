"""Every literal a config may write."""
# comments are ignored, as are docstrings
ints = [0, 7, -3, 1_000, 0x1F, 0o17, 0b101, 18446744073709551615, -9223372036854775808]
floats = [1e-4, .5, 1., 2.5E+3, -0.25, 1_000.5, 0.1]
strings = ['single', "double", '''triple
quoted''', """also "triple" """, 'implicit ' "concatenation", 'esc\t\'q\' \x41\u00e9', r'raw\d']
flags = (True, False, None)
tuples = [(), (1, ), (1, 2), ((3, 4), [5])]
nested = {'a': {'b': [1, {'c': 'd'}]}, 'e f': dict()}
call = dict(type='ResNet', depth=50, out_indices=(3, ), style='pytorch',)
continued = 1 + \
    2
a = 1; b = 'two'
