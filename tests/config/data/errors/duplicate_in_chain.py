_base_ = './_base_/dup_pair.json'
