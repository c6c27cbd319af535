_base_ = ['./_base_/dup_a.py', './_base_/dup_b.py']
