"""Writes the photos in `photos/` and the torchvision reference in `reference.json`.

The photos are scikit-image's sample photos (`skimage.data`; public domain or CC0, see its
docstrings), resized or cropped here and stored as PNG (lossless):

| file | from | size (w × h) | what ResizeEdge(256) does |
|---|---|---|---|
| `astronaut.png` | `astronaut` | 200 × 200 | enlarges |
| `chelsea.png` | `chelsea` (a cat) | 240 × 180 | enlarges, crops the width |
| `coffee.png` | `coffee` | 300 × 270 | shrinks |
| `rocket.png` | `rocket` | 180 × 270 | enlarges, crops the height |

The reference is torchvision with the preprocessing of the test pipeline
`ResizeEdge(scale=256, edge='short') + CenterCrop(224)` done by OpenCV as mmcv does it
(`cv2.imread`, the short edge to 256 and the other truncated, `cv2.resize` bilinear, the crop
offset rounded half to even), then the data preprocessor (BGR → RGB, ImageNet mean and std),
the model in eval mode and a softmax; `reference.json` holds each photo's top-5 labels and
scores for two checkpoints of torchvision's ResNet-18 structure:

- `resnet18`: `../shared/fixtures/resnet18.pth` (torchvision's `resnet18()`, 1000 classes);
- `tiny`: `tests/weights/data/tiny_torchvision.pth` (narrow, 10 classes; always in the repo).

`*_bicubic` are the same with `ResizeEdge(..., interpolation='bicubic')` (`cv2.INTER_CUBIC`).

Run once from this folder (`pip install scikit-image opencv-python-headless torch
torchvision`): `python3 make_reference.py`. The tests never run Python.
"""

import json
import pathlib
import sys

import cv2
import numpy as np
import torch
import torchvision
from skimage import data

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests/weights/data"))
from make_checkpoints import TinyResNet  # noqa: E402

MEAN = np.array([123.675, 116.28, 103.53])
STD = np.array([58.395, 57.12, 57.375])


def make_photos():
    """Small PNGs of four sample photos, as listed in the docstring."""
    photos = {
        "astronaut": cv2.resize(data.astronaut(), (200, 200), interpolation=cv2.INTER_AREA),
        "chelsea": cv2.resize(data.chelsea(), (240, 180), interpolation=cv2.INTER_AREA),
        "coffee": cv2.resize(data.coffee(), (300, 270), interpolation=cv2.INTER_AREA),
        "rocket": cv2.resize(data.rocket(), (180, 270), interpolation=cv2.INTER_AREA),
    }
    (HERE / "photos").mkdir(exist_ok=True)
    for name, rgb in photos.items():
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        cv2.imwrite(str(HERE / "photos" / f"{name}.png"), bgr, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    return sorted(photos)


def preprocess(path, interpolation):
    """mmcv's LoadImageFromFile, ResizeEdge(256, 'short', interpolation), CenterCrop(224), then
    the data preprocessor, with OpenCV: a float tensor [3, 224, 224]."""
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    if h < w:
        size = (int(256 * w / h), 256)
    else:
        size = (256, int(256 * h / w))
    img = cv2.resize(img, size, interpolation=interpolation)
    h, w = img.shape[:2]
    top, left = max(0, int(round((h - 224) / 2.0))), max(0, int(round((w - 224) / 2.0)))
    img = img[top : top + 224, left : left + 224]
    rgb = img[:, :, ::-1].astype(np.float64)
    chw = ((rgb - MEAN) / STD).transpose(2, 0, 1).astype(np.float32)
    return torch.from_numpy(np.ascontiguousarray(chw))


def top5(model, names, interpolation=cv2.INTER_LINEAR):
    photos = [HERE / "photos" / f"{name}.png" for name in names]
    batch = torch.stack([preprocess(photo, interpolation) for photo in photos])
    with torch.no_grad():
        output = model.eval()(batch)
    logits = output[0] if isinstance(output, tuple) else output
    scores = torch.softmax(logits, dim=1)
    values, labels = scores.topk(5, dim=1)
    return {
        f"{name}.png": {"labels": l.tolist(), "scores": [float(s) for s in v]}
        for name, l, v in zip(names, labels, values)
    }


def main():
    names = make_photos()
    resnet18 = torchvision.models.resnet18()
    resnet18.load_state_dict(torch.load(ROOT / "../shared/fixtures/resnet18.pth"))
    tiny = TinyResNet()
    tiny.load_state_dict(torch.load(ROOT / "tests/weights/data/tiny_torchvision.pth"))
    reference = {
        "versions": {"torch": torch.__version__, "torchvision": torchvision.__version__,
                     "opencv": cv2.__version__},
        "resnet18": top5(resnet18, names),
        "tiny": top5(tiny, names),
        "resnet18_bicubic": top5(resnet18, names, cv2.INTER_CUBIC),
        "tiny_bicubic": top5(tiny, names, cv2.INTER_CUBIC),
    }
    (HERE / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
