_base_ = ['./_base_/includes_missing.py']
