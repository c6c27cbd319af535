"""Reference outputs of Resize, ResizeEdge and CenterCrop, computed as mmcv computes them
(its size arithmetic, then the same cv2 or Pillow calls; mmcv itself is hard to install).

Run once from this folder (`pip install opencv-python-headless numpy scikit-image pillow`).
Writes ref/source.png (a crop of scikit-image's public-domain `chelsea` photo), one raw HWC
BGR file per case, and ref/refs.json listing each case's pipeline and output shape.
"""
import json
import os

import cv2
import numpy as np
import skimage.data as data
from PIL import Image

PIL_CODES = {'nearest': Image.NEAREST, 'bilinear': Image.BILINEAR, 'bicubic': Image.BICUBIC,
             'box': Image.BOX, 'lanczos': Image.LANCZOS, 'hamming': Image.HAMMING}


def pil_resize(img, size, interpolation):
    """mmcv's imresize with backend='pillow'."""
    return np.array(Image.fromarray(img).resize(size, PIL_CODES[interpolation]))

INTER = {'nearest': cv2.INTER_NEAREST, 'bilinear': cv2.INTER_LINEAR, 'bicubic': cv2.INTER_CUBIC,
         'lanczos': cv2.INTER_LANCZOS4}


def resize_edge(img, scale, edge='short', interpolation='bilinear'):
    h, w = img.shape[:2]
    if (edge == 'short' and w < h) or (edge == 'long' and w > h) or edge == 'width':
        width, height = scale, int(scale * h / w)
    else:
        height, width = scale, int(scale * w / h)
    return cv2.resize(img, (width, height), interpolation=INTER[interpolation])


def resize(img, scale, keep_ratio=False, interpolation='bilinear'):
    if keep_ratio:  # mmcv.imrescale → rescale_size
        h, w = img.shape[:2]
        factor = min(max(scale) / max(h, w), min(scale) / min(h, w))
        scale = (int(w * factor + 0.5), int(h * factor + 0.5))
    return cv2.resize(img, tuple(scale), interpolation=INTER[interpolation])


def center_crop(img, crop_size):
    cw, ch = (crop_size, crop_size) if isinstance(crop_size, int) else crop_size
    h, w = img.shape[:2]
    ch, cw = min(ch, h), min(cw, w)
    y1 = max(0, int(round((h - ch) / 2.)))
    x1 = max(0, int(round((w - cw) / 2.)))
    return img[y1:y1 + ch, x1:x1 + cw]


CASES = [
    ('edge_short_bilinear', [dict(type='ResizeEdge', scale=37)], lambda i: resize_edge(i, 37)),
    ('edge_long_bicubic', [dict(type='ResizeEdge', scale=150, edge='long', interpolation='bicubic')],
     lambda i: resize_edge(i, 150, 'long', 'bicubic')),
    ('edge_height_bicubic_down', [dict(type='ResizeEdge', scale=25, edge='height', interpolation='bicubic')],
     lambda i: resize_edge(i, 25, 'height', 'bicubic')),
    ('resize_bilinear_down', [dict(type='Resize', scale=(23, 17))], lambda i: resize(i, (23, 17))),
    ('resize_bilinear_up', [dict(type='Resize', scale=(131, 97))], lambda i: resize(i, (131, 97))),
    ('resize_bicubic_mixed', [dict(type='Resize', scale=(31, 45), interpolation='bicubic')],
     lambda i: resize(i, (31, 45), interpolation='bicubic')),
    ('resize_lanczos', [dict(type='Resize', scale=(50, 33), interpolation='lanczos')],
     lambda i: resize(i, (50, 33), interpolation='lanczos')),
    ('resize_nearest', [dict(type='Resize', scale=(29, 21), interpolation='nearest')],
     lambda i: resize(i, (29, 21), interpolation='nearest')),
    ('resize_keep_ratio', [dict(type='Resize', scale=(40, 100), keep_ratio=True)],
     lambda i: resize(i, (40, 100), keep_ratio=True)),
    ('center_crop', [dict(type='CenterCrop', crop_size=(31, 24))], lambda i: center_crop(i, (31, 24))),
    ('pil_bilinear_down', [dict(type='Resize', scale=(23, 17), backend='pillow')],
     lambda i: pil_resize(i, (23, 17), 'bilinear')),
    ('pil_bicubic_mixed', [dict(type='Resize', scale=(31, 45), backend='pillow', interpolation='bicubic')],
     lambda i: pil_resize(i, (31, 45), 'bicubic')),
    ('pil_bicubic_up', [dict(type='Resize', scale=(131, 97), backend='pillow', interpolation='bicubic')],
     lambda i: pil_resize(i, (131, 97), 'bicubic')),
    ('pil_lanczos', [dict(type='Resize', scale=(50, 33), backend='pillow', interpolation='lanczos')],
     lambda i: pil_resize(i, (50, 33), 'lanczos')),
    ('pil_nearest', [dict(type='Resize', scale=(29, 21), backend='pillow', interpolation='nearest')],
     lambda i: pil_resize(i, (29, 21), 'nearest')),
    ('pil_box', [dict(type='Resize', scale=(29, 21), backend='pillow', interpolation='box')],
     lambda i: pil_resize(i, (29, 21), 'box')),
    ('pil_hamming', [dict(type='Resize', scale=(29, 21), backend='pillow', interpolation='hamming')],
     lambda i: pil_resize(i, (29, 21), 'hamming')),
    ('pil_edge_bicubic', [dict(type='ResizeEdge', scale=37, backend='pillow', interpolation='bicubic')],
     lambda i: pil_resize(i, (49, 37), 'bicubic')),
    ('edge_then_crop', [dict(type='ResizeEdge', scale=45), dict(type='CenterCrop', crop_size=40)],
     lambda i: center_crop(resize_edge(i, 45), 40)),
]

if __name__ == '__main__':
    os.makedirs('ref', exist_ok=True)
    photo = data.chelsea()[100:160, 150:230]  # RGB, 60 × 80
    cv2.imwrite('ref/source.png', cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2BGR))
    source = cv2.imread('ref/source.png')  # BGR, as mmcv's LoadImageFromFile
    manifest = []
    for name, pipeline, run in CASES:
        out = np.ascontiguousarray(run(source))
        out.tofile(f'ref/{name}.bin')
        manifest.append(dict(name=name, pipeline=pipeline, shape=list(out.shape)))
    # JPEG decoding: OpenCV's libjpeg-turbo against the image crate's decoder.
    for name in ['folder/cat/cat_1.jpg', 'folder/rocket/more/rocket_3.jpg']:
        decoded = cv2.imread(name)
        out = name.replace('/', '_').replace('.jpg', '')
        decoded.tofile(f'ref/decode_{out}.bin')
        manifest.append(dict(name=f'decode_{out}', source=name, pipeline=[], shape=list(decoded.shape)))
    with open('ref/refs.json', 'w') as f:
        json.dump(manifest, f, indent=1)
