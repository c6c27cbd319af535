optim_wrapper = dict(optimizer=dict(type='SGD'))
model = dict(type='Other')
