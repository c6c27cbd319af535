# mmengine's predefined variables in strings (fileDirname is tested where the path is known).
work_dir = './work_dirs/{{ fileBasenameNoExtension }}'
name = '{{fileBasename}}'
ext = '{{ fileExtname }}'
kept = '{{ notPredefined }}'
