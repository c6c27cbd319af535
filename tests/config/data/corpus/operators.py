# Arithmetic, bitwise, comparison and boolean operators.
max_size = 1 << 30
half = max_size >> 1
mask = (0b1100 & 0b1010) | 0b0001 ^ 0b0011
inverted = ~5
pad = [0] * 3 + 2 * [1]
line = '-' * 4
checks = [1 < 2 <= 2, 'a' != 'b', 3 in [1, 2, 3], 'x' not in 'abc', None is None, [1, 2] < [1, 3]]
logic = [0 or 'default', 1 and 2, not 0, 5 if 2 > 1 else 6]
merged = dict(a=1) | dict(b=2)
