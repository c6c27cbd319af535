# Comprehensions with tuple targets, filters, several clauses and dict comprehensions.
pairs = [('a', 1), ('b', 2), ('c', 3)]
lookup = {k: v for k, v in pairs}
inverse = {v: k for k, v in pairs if v > 1}
grid = [[i, j] for i in range(2) for j in range(2) if i != j]
nested = [x * 10 for (name, x) in pairs]
keys = [k for k in dict(a=1, b=2)]
squares = sum(x * x for x in range(4))
