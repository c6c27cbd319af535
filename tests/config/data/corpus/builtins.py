# Pure builtins on config values.
classes = ('person', 'bicycle', 'car')
num_classes = len(classes)
ids = list(range(num_classes))
evens = list(range(0, 10, 2))
down = list(range(5, 0, -2))
label_map = dict(zip(classes, ids))
indexed = list(enumerate(classes, start=1))
widths = [64, 128, 256]
stats = dict(lo=min(widths), hi=max(widths), total=sum(widths), many=max(3, 7, 5))
order = sorted([3, 1, 2], reverse=True)
names = sorted(classes)
as_tuple = tuple(widths)
rounded = [round(2.5), round(3.14159, 2), int(7.9), int('12'), float('0.5'), float(3)]
joined = str(42) + str(0.1) + str(True)
flags = [bool(0), bool([1]), abs(-3)]
