_base_ = ['./bad_import.py']
