model = dict(
    head=dict(num_classes=10),
    init=lambda m: m,
)
