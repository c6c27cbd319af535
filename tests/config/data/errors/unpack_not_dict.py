aug = [dict(type='Flip')]
optim = dict(**aug, lr=0.1)
