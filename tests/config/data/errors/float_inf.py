optim = dict(max_norm=float('inf'))
