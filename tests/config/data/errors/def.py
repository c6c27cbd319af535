def make_head(n):
    return dict(num_classes=n)
