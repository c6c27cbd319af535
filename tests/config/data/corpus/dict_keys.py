# Integer dict keys, as pose and detection configs map class ids (JSON writes them as text).
id2name = {0: 'person', 1: 'car'}
skeleton = {i: [i, i + 1] for i in range(2)}
