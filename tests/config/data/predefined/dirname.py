data_root = '{{ fileDirname }}/../data'
