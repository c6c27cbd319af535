_base_ = ['./cycle_a.py']
