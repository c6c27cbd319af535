_base_ = ['./_base_/dup_a.py', 42]
