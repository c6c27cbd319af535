_base_ = ['./_base_/middle.py']
