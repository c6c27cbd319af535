flag = 1 == 1
