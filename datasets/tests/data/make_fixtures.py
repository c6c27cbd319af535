"""Writes the test fixtures of `datasets/tests/` from scikit-image's public-domain photos.

Run once from this folder (`pip install scikit-image numpy pillow`); the outputs are committed and
the tests never need Python. Layout:

- folder/<class>/...        crops of four photos, PNG and JPEG, one nested sub-folder
- folder_ann.txt            `path label` lines over folder/
- cifar10/cifar-10-batches-py/   data_batch_1..5, test_batch, batches.meta (CIFAR's python format)
- cifar100/cifar-100-python/     train, test, meta
- mnist/                    train-*.gz (gzipped IDX), t10k-* (plain IDX)
"""
import gzip
import os
import pickle
import struct

import numpy as np
import skimage.data as data
from PIL import Image

PHOTOS = {'astronaut': data.astronaut(), 'cat': data.chelsea(), 'coffee': data.coffee(), 'rocket': data.rocket()}
rng = np.random.default_rng(0)


def crops(photo, n, size):
    h, w = photo.shape[:2]
    out = []
    for _ in range(n):
        ch, cw = size
        top, left = rng.integers(0, h - ch * 4), rng.integers(0, w - cw * 4)
        big = Image.fromarray(photo[top:top + ch * 4, left:left + cw * 4])
        out.append(np.asarray(big.resize((cw, ch), Image.BILINEAR)))
    return out


def write_folder():
    lines = []
    for name, photo in PHOTOS.items():
        os.makedirs(f'folder/{name}/more', exist_ok=True)
        for i in range(4):
            crop = crops(photo, 1, (24 + 2 * i, 30))[0]
            ext = 'png' if i % 2 == 0 else 'jpg'
            sub = 'more/' if i == 3 else ''
            path = f'{name}/{sub}{name}_{i}.{ext}'
            Image.fromarray(crop).save(f'folder/{path}', quality=90)
            lines.append(f'{path} {sorted(PHOTOS).index(name)}')
    with open('folder/cat/notes.txt', 'w') as f:
        f.write('not an image: skipped by the extension filter\n')
    with open('folder_ann.txt', 'w') as f:
        f.write('\n'.join(lines) + '\n')


# Python 2's cPickle protocol 2, as the real CIFAR files were written: `str` as BINSTRING.
def py2_pickle(obj):
    out = [b'\x80\x02']

    def s(b):
        return (b'U' + bytes([len(b)]) + b) if len(b) < 256 else (b'T' + struct.pack('<I', len(b)) + b)

    def emit(o):
        if isinstance(o, dict):
            out.append(b'}(')
            for k, v in o.items():
                emit(k)
                emit(v)
            out.append(b'u')
        elif isinstance(o, list):
            out.append(b'](')
            for v in o:
                emit(v)
            out.append(b'e')
        elif isinstance(o, bool):
            out.append(b'\x88' if o else b'\x89')
        elif isinstance(o, int):
            out.append(b'K' + bytes([o]) if 0 <= o < 256 else b'J' + struct.pack('<i', o))
        elif isinstance(o, str):
            out.append(s(o.encode('latin1')))
        elif isinstance(o, np.ndarray):
            out.append(b'cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85' + s(b'b') + b'\x87R(K\x01')
            out.append(b'(' + b''.join(b'J' + struct.pack('<i', d) for d in o.shape) + b't')
            out.append(b'cnumpy\ndtype\n' + s(b'u1') + b'K\x00K\x01\x87R(K\x03' + s(b'|') + b'NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb')
            out.append(b'\x89' + s(o.tobytes()) + b'tb')
        else:
            raise TypeError(type(o))

    emit(obj)
    return b''.join(out) + b'.'


def cifar_batch(n, classes, key):
    images, labels, names = [], [], []
    for i in range(n):
        name = sorted(PHOTOS)[i % 4]
        crop = crops(PHOTOS[name], 1, (32, 32))[0]
        images.append(crop.transpose(2, 0, 1).reshape(-1))  # CHW rows, as CIFAR
        labels.append((i * 7) % classes)
        names.append(f'{name}_{i}.png')
    return {'batch_label': 'testing batch', key: labels, 'data': np.stack(images), 'filenames': names}


def write_cifar():
    root = 'cifar10/cifar-10-batches-py'
    os.makedirs(root, exist_ok=True)
    for i in range(1, 6):
        batch = cifar_batch(3, 10, 'labels')
        # Python 3's pickle, protocol 2 (bytes via _codecs.encode), and 5 for the last batch.
        with open(f'{root}/data_batch_{i}', 'wb') as f:
            pickle.dump(batch, f, protocol=5 if i == 5 else 2)
    with open(f'{root}/test_batch', 'wb') as f:
        f.write(py2_pickle(cifar_batch(4, 10, 'labels')))
    names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']
    with open(f'{root}/batches.meta', 'wb') as f:
        f.write(py2_pickle({'num_cases_per_batch': 10000, 'label_names': names, 'num_vis': 3072}))
    root = 'cifar100/cifar-100-python'
    os.makedirs(root, exist_ok=True)
    for split, n in [('train', 6), ('test', 3)]:
        batch = cifar_batch(n, 100, 'fine_labels')
        batch['coarse_labels'] = [l // 5 for l in batch['fine_labels']]
        with open(f'{root}/{split}', 'wb') as f:
            f.write(py2_pickle(batch))


def idx(array):
    header = struct.pack('>BBBB', 0, 0, 8, array.ndim) + b''.join(struct.pack('>I', d) for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_mnist():
    os.makedirs('mnist', exist_ok=True)
    grey = np.asarray(Image.fromarray(PHOTOS['cat']).convert('L'))
    for prefix, n, gz in [('train', 6, True), ('t10k', 4, False)]:
        images = np.stack([np.asarray(Image.fromarray(c).resize((28, 28))) for c in crops(grey, n, (28, 28))])
        labels = np.arange(n, dtype=np.uint8) % 10
        for kind, arr in [('images-idx3', images), ('labels-idx1', labels)]:
            name = f'mnist/{prefix}-{kind}-ubyte'
            if gz:
                with gzip.open(name + '.gz', 'wb') as f:
                    f.write(idx(arr))
            else:
                with open(name, 'wb') as f:
                    f.write(idx(arr))


if __name__ == '__main__':
    write_folder()
    write_cifar()
    write_mnist()
