"""Reference outputs of RandAugment's operations (mmpretrain's Rotate, Shear, Translate,
AutoContrast, Equalize, Invert, Posterize, Solarize, SolarizeAdd, ColorTransform, Contrast,
Brightness, Sharpness) at fixed magnitudes, computed as mmcv 2.x computes them: the same
cv2.warpAffine / cv2.getRotationMatrix2D / cv2.addWeighted / cv2.filter2D / cv2.cvtColor calls
and numpy formulas as mmcv/image/geometric.py and photometric.py (mmcv itself is hard to install).

Run once from this folder (`pip install opencv-python-headless numpy`), after
make_references.py wrote ref/source.png. Writes one raw HWC BGR file per case under
ref/augment/ and ref/augment/refs.json listing each case's transform config (prob 1, no random
negation, a fixed magnitude) and output shape.
"""
import json
import os
from math import ceil

import cv2
import numpy as np

INTER = {'nearest': cv2.INTER_NEAREST, 'bilinear': cv2.INTER_LINEAR, 'bicubic': cv2.INTER_CUBIC}


def border(value, channels):
    """imshear/imtranslate: an int becomes one value per channel."""
    return tuple([value] * channels) if isinstance(value, int) else tuple(value)


def imrotate(img, angle, center=None, scale=1.0, border_value=0, interpolation='bilinear'):
    h, w = img.shape[:2]
    if center is None:
        center = ((w - 1) * 0.5, (h - 1) * 0.5)
    matrix = cv2.getRotationMatrix2D(center, -angle, scale)
    # border_value as mmcv passes it: an int is cv2's Scalar(v), i.e. (v, 0, 0, 0).
    return cv2.warpAffine(img, matrix, (w, h), flags=INTER[interpolation],
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border_value)


def imshear(img, magnitude, direction, border_value, interpolation):
    h, w = img.shape[:2]
    m = np.float32([[1, magnitude, 0], [0, 1, 0]] if direction == 'horizontal'
                   else [[1, 0, 0], [magnitude, 1, 0]])
    return cv2.warpAffine(img, m, (w, h), borderValue=border(border_value, img.shape[2])[:3],
                          flags=INTER[interpolation])


def imtranslate(img, offset, direction, border_value, interpolation):
    h, w = img.shape[:2]
    m = np.float32([[1, 0, offset], [0, 1, 0]] if direction == 'horizontal'
                   else [[1, 0, 0], [0, 1, offset]])
    return cv2.warpAffine(img, m, (w, h), borderValue=border(border_value, img.shape[2])[:3],
                          flags=INTER[interpolation])


def translate(img, magnitude, direction, pad_val, interpolation):
    """mmpretrain's Translate: the offset is magnitude × the size along `direction`."""
    h, w = img.shape[:2]
    offset = magnitude * (w if direction == 'horizontal' else h)
    return imtranslate(img, offset, direction, pad_val, interpolation)


def bgr2gray(img):
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


def auto_contrast(img, cutoff=(0, 0)):
    def channel(im):
        histo = np.histogram(im, 256, (0, 255))[0]
        histo_sum = np.cumsum(histo)
        cut_low = histo_sum[-1] * cutoff[0] // 100
        cut_high = histo_sum[-1] - histo_sum[-1] * cutoff[1] // 100
        histo_sum = np.clip(histo_sum, cut_low, cut_high) - cut_low
        histo = np.concatenate([[histo_sum[0]], np.diff(histo_sum)], 0)
        low, high = np.nonzero(histo)[0][0], np.nonzero(histo)[0][-1]
        if low >= high:
            return im
        scale = 255.0 / (high - low)
        offset = -low * scale
        lut = np.clip(np.array(range(256)) * scale + offset, 0, 255)
        return lut[im]
    return np.stack([channel(img[:, :, c]) for c in range(3)], axis=-1).astype(img.dtype)


def imequalize(img):
    def channel(im):
        histo = np.histogram(im, 256, (0, 255))[0]
        nonzero_histo = histo[histo > 0]
        step = (np.sum(nonzero_histo) - nonzero_histo[-1]) // 255
        if not step:
            lut = np.array(range(256))
        else:
            lut = (np.cumsum(histo) + (step // 2)) // step
            lut = np.concatenate([[0], lut[:-1]], 0)
            lut[lut > 255] = 255
        return np.where(np.equal(step, 0), im, lut[im])
    return np.stack([channel(img[:, :, c]) for c in range(3)], axis=-1).astype(img.dtype)


def adjust_color(img, alpha):
    gray = np.tile(bgr2gray(img)[..., None], [1, 1, 3])
    return cv2.addWeighted(img, alpha, gray, 1 - alpha, 0).astype(img.dtype)


def blend(img, degenerated, factor):
    out = cv2.addWeighted(img.astype(np.float32), factor, degenerated.astype(np.float32),
                          1 - factor, 0)
    return np.clip(out, 0, 255).astype(img.dtype)


def adjust_brightness(img, factor):
    return blend(img, np.zeros_like(img), factor)


def adjust_contrast(img, factor):
    gray = bgr2gray(img)
    hist = np.histogram(gray, 256, (0, 255))[0]
    mean = round(np.sum(gray) / np.sum(hist))
    degenerated = cv2.cvtColor((np.ones_like(img[..., 0]) * mean).astype(img.dtype),
                               cv2.COLOR_GRAY2BGR)
    return blend(img, degenerated, factor)


def adjust_sharpness(img, factor):
    kernel = np.array([[1., 1., 1.], [1., 5., 1.], [1., 1., 1.]]) / 13
    return blend(img, cv2.filter2D(img, -1, kernel), factor)


def solarize_add(img, magnitude, thr=128):
    return np.where(img < thr, np.minimum(img + magnitude, 255), img).astype(img.dtype)


def posterize(img, bits):
    shift = 8 - ceil(bits)
    return np.left_shift(np.right_shift(img, shift), shift)


PAD = [104, 116, 124]  # the rsb config's hparams: round(bgr_mean)
FIXED = dict(prob=1.0, random_negative_prob=0.0)
CASES = [
    ('rotate_nearest_default_pad', dict(type='Rotate', angle=23.5, **FIXED),
     lambda i: imrotate(i, 23.5, border_value=128, interpolation='nearest')),
    ('rotate_bilinear', dict(type='Rotate', angle=-17.0, pad_val=PAD, interpolation='bilinear', **FIXED),
     lambda i: imrotate(i, -17.0, border_value=tuple(PAD), interpolation='bilinear')),
    ('rotate_bicubic_center_scale', dict(type='Rotate', angle=30.0, center=[20.0, 25.5], scale=0.9,
                                         pad_val=PAD, interpolation='bicubic', **FIXED),
     lambda i: imrotate(i, 30.0, (20.0, 25.5), 0.9, tuple(PAD), 'bicubic')),
    ('shear_horizontal_bicubic', dict(type='Shear', magnitude=0.3, pad_val=PAD, **FIXED),
     lambda i: imshear(i, 0.3, 'horizontal', PAD, 'bicubic')),
    ('shear_vertical_bilinear', dict(type='Shear', magnitude=-0.21, direction='vertical',
                                     interpolation='bilinear', **FIXED),
     lambda i: imshear(i, -0.21, 'vertical', 128, 'bilinear')),
    ('shear_horizontal_nearest', dict(type='Shear', magnitude=0.17, interpolation='nearest', **FIXED),
     lambda i: imshear(i, 0.17, 'horizontal', 128, 'nearest')),
    ('translate_horizontal_nearest', dict(type='Translate', magnitude=0.45, **FIXED),
     lambda i: translate(i, 0.45, 'horizontal', 128, 'nearest')),
    ('translate_vertical_bicubic', dict(type='Translate', magnitude=-0.27, direction='vertical',
                                        pad_val=PAD, interpolation='bicubic', **FIXED),
     lambda i: translate(i, -0.27, 'vertical', PAD, 'bicubic')),
    ('translate_horizontal_bilinear', dict(type='Translate', magnitude=0.113, interpolation='bilinear', **FIXED),
     lambda i: translate(i, 0.113, 'horizontal', 128, 'bilinear')),
    ('auto_contrast', dict(type='AutoContrast', prob=1.0), auto_contrast),
    ('equalize', dict(type='Equalize', prob=1.0), imequalize),
    ('invert', dict(type='Invert', prob=1.0), lambda i: np.full_like(i, 255) - i),
    ('posterize', dict(type='Posterize', bits=3, prob=1.0), lambda i: posterize(i, 3)),
    ('solarize', dict(type='Solarize', thr=100.5, prob=1.0), lambda i: np.where(i < 100.5, i, 255 - i)),
    ('solarize_add', dict(type='SolarizeAdd', magnitude=60.5, prob=1.0), lambda i: solarize_add(i, 60.5)),
    ('color_up', dict(type='ColorTransform', magnitude=0.63, **FIXED), lambda i: adjust_color(i, 1.63)),
    ('color_down', dict(type='ColorTransform', magnitude=-0.45, **FIXED), lambda i: adjust_color(i, 0.55)),
    ('contrast_up', dict(type='Contrast', magnitude=0.5, **FIXED), lambda i: adjust_contrast(i, 1.5)),
    ('contrast_down', dict(type='Contrast', magnitude=-0.7, **FIXED), lambda i: adjust_contrast(i, 0.3)),
    ('brightness_up', dict(type='Brightness', magnitude=0.9, **FIXED), lambda i: adjust_brightness(i, 1.9)),
    ('brightness_down', dict(type='Brightness', magnitude=-0.36, **FIXED), lambda i: adjust_brightness(i, 0.64)),
    ('sharpness_up', dict(type='Sharpness', magnitude=0.8, **FIXED), lambda i: adjust_sharpness(i, 1.8)),
    ('sharpness_down', dict(type='Sharpness', magnitude=-0.6, **FIXED), lambda i: adjust_sharpness(i, 0.4)),
]

if __name__ == '__main__':
    os.makedirs('ref/augment', exist_ok=True)
    source = cv2.imread('ref/source.png')  # BGR, as mmcv's LoadImageFromFile
    manifest = []
    for name, transform, run in CASES:
        out = np.ascontiguousarray(run(source))
        assert out.dtype == np.uint8 and out.shape == source.shape, name
        out.tofile(f'ref/augment/{name}.bin')
        manifest.append(dict(name=name, transform=transform, shape=list(out.shape)))
    with open('ref/augment/refs.json', 'w') as f:
        json.dump(dict(opencv=cv2.__version__, numpy=np.__version__, cases=manifest), f, indent=1)
