# names a file that is not there
_base_ = './gone.yaml'
