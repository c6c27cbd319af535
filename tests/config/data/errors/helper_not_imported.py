base = dict(a=1)
copied = copy.deepcopy(base)
