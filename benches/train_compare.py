#!/usr/bin/env python3
"""Training on real data, side by side: the same config trained and tested with `mmreg train` /
`mmreg test`, and with plain PyTorch doing what the config says (same model, data, augmentation,
optimizer, schedule, epochs and batch size). Prints each side's test top-1 and training
throughput: training images per second of wall-clock time — for mmreg the whole `mmreg train`
process (start-up and its per-epoch validation included), for PyTorch its training loop alone,
so the ratio is a lower bound for mmreg.

    python3 benches/train_compare.py CONFIG [--cfg-options K=V ...] [--threads 2]

The PyTorch side supports what our Fashion-MNIST configs use: ImageClassifier with a
ResNet_CIFAR backbone, GlobalAveragePooling, LinearClsHead + CrossEntropyLoss; MNIST/FashionMNIST
IDX files with `indices`; RandomCrop (padding), RandomFlip, PackInputs; SGD; MultiStepLR,
CosineAnnealingLR or LinearLR warm-up; epoch-based loops. Anything else is refused by name.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MMREG = os.path.join(ROOT, "target", "release", "mmreg")  # --dev-opt: target/debug/mmreg


def mmreg(*args, capture=True):
    return subprocess.run([MMREG, *args], cwd=ROOT, check=True, text=True,
                          capture_output=capture).stdout


def read_idx(path):
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        data = file.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_split(dataset):
    if dataset["type"] not in ("MNIST", "FashionMNIST"):
        sys.exit(f"unsupported dataset type {dataset['type']}")
    test = dataset.get("test_mode", False) or dataset.get("split") == "test"
    prefix = "t10k" if test else "train"
    root = dataset["data_root"]
    def find(name):
        for candidate in (name, name + ".gz"):
            if os.path.exists(os.path.join(root, candidate)):
                return os.path.join(root, candidate)
        sys.exit(f"{root}: no {name}[.gz]")
    images = read_idx(find(f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(find(f"{prefix}-labels-idx1-ubyte"))
    indices = dataset.get("indices")
    if isinstance(indices, int):
        images, labels = images[:indices], labels[:indices]
    elif isinstance(indices, list):
        images, labels = images[indices], labels[indices]
    return images, labels


def augment(pipeline):
    import torch
    steps = []
    for transform in pipeline:
        kind = transform["type"]
        if kind == "RandomCrop":
            size, padding = transform["crop_size"], transform.get("padding") or 0
            def crop(x, size=size, padding=padding):
                x = torch.nn.functional.pad(x, [padding] * 4)
                top = torch.randint(0, x.shape[-2] - size + 1, ()).item()
                left = torch.randint(0, x.shape[-1] - size + 1, ()).item()
                return x[..., top:top + size, left:left + size]
            steps.append(crop)
        elif kind == "RandomFlip":
            prob = transform.get("prob", 0.5)
            if transform.get("direction", "horizontal") != "horizontal":
                sys.exit("only horizontal RandomFlip is supported")
            steps.append(lambda x, prob=prob: x.flip(-1) if torch.rand(()) < prob else x)
        elif kind != "PackInputs":
            sys.exit(f"unsupported transform {kind}")
    return steps


def resnet_cifar(backbone, head):
    import torch.nn as nn
    if backbone["type"] != "ResNet_CIFAR" or backbone.get("depth", 18) not in (18, 34):
        sys.exit("only ResNet_CIFAR of depth 18 or 34 is supported")
    blocks = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3]}[backbone.get("depth", 18)]
    stem, base = backbone.get("stem_channels", 64), backbone.get("base_channels", 64)

    class Basic(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            nn.init.zeros_(self.bn2.weight)  # mmpretrain's zero_init_residual
            self.down = None if stride == 1 and cin == cout else nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            self.relu = nn.ReLU()

        def forward(self, x):
            out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
            return self.relu(out + (x if self.down is None else self.down(x)))

    layers = [nn.Conv2d(backbone.get("in_channels", 3), stem, 3, 1, 1, bias=False),
              nn.BatchNorm2d(stem), nn.ReLU()]
    cin = stem
    for stage, count in enumerate(blocks):
        cout = base * 2 ** stage
        for index in range(count):
            layers.append(Basic(cin, cout, 2 if stage > 0 and index == 0 else 1))
            cin = cout
    model = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                          nn.Linear(cin, head["num_classes"]))
    for module in model.modules():
        if isinstance(module, nn.Conv2d):  # mmpretrain's ResNet init_cfg: Kaiming
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(module, nn.Linear):  # LinearClsHead's init_cfg: Normal(std=0.01)
            nn.init.normal_(module.weight, 0.0, 0.01)
            nn.init.zeros_(module.bias)
    return model


def scheduler(optimizer, schedulers, epochs):
    import torch
    built = []
    for config in schedulers if isinstance(schedulers, list) else [schedulers]:
        kind = config["type"]
        if not config.get("by_epoch", True):
            sys.exit("only by_epoch schedulers are supported")
        if kind == "MultiStepLR":
            built.append(torch.optim.lr_scheduler.MultiStepLR(
                optimizer, config["milestones"], config.get("gamma", 0.1)))
        elif kind == "CosineAnnealingLR":
            built.append(torch.optim.lr_scheduler.CosineAnnealingLR(
                optimizer, config.get("T_max", epochs), config.get("eta_min", 0.0)))
        else:
            sys.exit(f"unsupported scheduler {kind}")
    return built


def pytorch_side(config, threads):
    import torch
    torch.manual_seed(config.get("randomness", {}).get("seed") or 0)
    torch.set_num_threads(threads)
    model_cfg = config["model"]
    model = resnet_cifar(model_cfg["backbone"], model_cfg["head"])
    pre = config.get("data_preprocessor") or model_cfg.get("data_preprocessor") or {}
    mean = torch.tensor(pre.get("mean", [0.0])).view(1, -1, 1, 1)
    std = torch.tensor(pre.get("std", [1.0])).view(1, -1, 1, 1)
    train_loader_cfg, test_loader_cfg = config["train_dataloader"], config["test_dataloader"]
    images, labels = load_split(train_loader_cfg["dataset"])
    test_images, test_labels = load_split(test_loader_cfg["dataset"])
    steps = augment(train_loader_cfg["dataset"].get("pipeline", []))
    optim = config["optim_wrapper"]["optimizer"]
    if optim["type"] != "SGD":
        sys.exit(f"unsupported optimizer {optim['type']}")
    optimizer = torch.optim.SGD(model.parameters(), lr=optim["lr"], momentum=optim.get("momentum", 0),
                                weight_decay=optim.get("weight_decay", 0), nesterov=optim.get("nesterov", False))
    epochs = config["train_cfg"]["max_epochs"]
    schedulers = scheduler(optimizer, config.get("param_scheduler", []), epochs)
    batch = train_loader_cfg["batch_size"]
    x_all = torch.from_numpy(images.copy()).float().unsqueeze(1)
    y_all = torch.from_numpy(labels.astype("int64"))
    start = time.perf_counter()
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x_all))
        for first in range(0, len(order), batch):
            index = order[first:first + batch]
            x = torch.stack([apply(steps, image) for image in x_all[index]])
            loss = torch.nn.functional.cross_entropy(model((x - mean) / std), y_all[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        for schedule in schedulers:
            schedule.step()
    elapsed = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        x = torch.from_numpy(test_images.copy()).float().unsqueeze(1)
        predicted = torch.cat([model((x[i:i + 256] - mean) / std).argmax(1)
                               for i in range(0, len(x), 256)])
    top1 = (predicted.numpy() == test_labels).mean() * 100
    return top1, len(x_all) * epochs / elapsed


def apply(steps, image):
    for step in steps:
        image = step(image)
    return image


def our_side(config_path, options):
    work_dir = tempfile.mkdtemp(prefix="mmreg-train-compare-")
    extra = ["--cfg-options", *options] if options else []
    start = time.perf_counter()
    mmreg("train", config_path, "--work-dir", work_dir, *extra, capture=False)
    elapsed = time.perf_counter() - start
    with open(os.path.join(work_dir, "last_checkpoint")) as file:
        checkpoint = file.read().strip()
    metrics = json.loads(mmreg("test", config_path, checkpoint, "--json", *extra))
    return metrics["accuracy/top1"], elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config")
    parser.add_argument("--cfg-options", nargs="*", default=[])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dev-opt", action="store_true",
                        help="build the dev profile with opt-level 3 (reuses the test build's "
                             "optimised dependencies) instead of --release")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch is not installed; to compare, install it with\n"
              "    pip install torch\nand run this script again.")
        return 0
    global MMREG
    profile = ["--config", "profile.dev.opt-level=3"] if args.dev_opt else ["--release"]
    subprocess.run(["cargo", "build", "--quiet", *profile, "-p", "mmreg"], cwd=ROOT, check=True)
    if args.dev_opt:
        MMREG = os.path.join(ROOT, "target", "debug", "mmreg")
    extra = ["--cfg-options", *args.cfg_options] if args.cfg_options else []
    config = json.loads(mmreg("dump", args.config, "--format", "json", *extra))
    ours_top1, ours_seconds = our_side(args.config, args.cfg_options)
    images = len(load_split(config["train_dataloader"]["dataset"])[1]) * config["train_cfg"]["max_epochs"]
    theirs_top1, theirs_rate = pytorch_side(config, args.threads)
    ours_rate = images / ours_seconds
    print(f"test top-1: mmreg {ours_top1:.2f}, PyTorch {theirs_top1:.2f} "
          f"(difference {ours_top1 - theirs_top1:+.2f} points)")
    print(f"training throughput: mmreg {ours_rate:.1f} images/s (whole `mmreg train` process), "
          f"PyTorch {theirs_rate:.1f} images/s (training loop), ratio {ours_rate / theirs_rate:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
