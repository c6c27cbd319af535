bgr_mean = [103.53, 116.28, 123.675]
pad_val = [round(x) for x in bgr_mean]
halves = [round(x) for x in [0.5, 1.5, 2.5, -0.5]]
as_int = [int(x) for x in [1.9, -1.9]]
as_float = [float(x) for x in (1, 2)]
absolute = [abs(x) for x in [-1, 2.5]]
pairs = [dict(v=x) for x in (1, 2)]
copied = list((1, 2))
x = 'the comprehension variable does not leak'
