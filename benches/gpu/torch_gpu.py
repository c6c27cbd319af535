#!/usr/bin/env python3
"""PyTorch's side of benches/gpu/run.sh, on the first CUDA GPU; prints images/s.

    torch_gpu.py forward MODEL BATCH   # torchvision MODEL, eval, 224×224: median of 30 passes after 5
    torch_gpu.py train MODEL BATCH     # MODEL with a CIFAR stem, 32×32, SGD: 20 steps after 5
"""
import statistics
import sys
import time

import torch
import torchvision


def forward(name, batch):
    model = getattr(torchvision.models, name)().cuda().eval()
    images = torch.randn(batch, 3, 224, 224, device="cuda")
    times = []
    with torch.inference_mode():
        for index in range(35):
            torch.cuda.synchronize()
            started = time.perf_counter()
            model(images).cpu()
            torch.cuda.synchronize()
            if index >= 5:
                times.append(time.perf_counter() - started)
    return batch / statistics.median(times)


def train(name, batch):
    model = getattr(torchvision.models, name)(num_classes=10)
    model.conv1 = torch.nn.Conv2d(3, 64, 3, 1, 1, bias=False)  # mmpretrain's ResNet_CIFAR stem
    model.maxpool = torch.nn.Identity()
    model = model.cuda().train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    images = torch.randn(batch, 3, 32, 32, device="cuda")
    labels = torch.randint(0, 10, (batch,), device="cuda")
    for index in range(25):
        if index == 5:
            torch.cuda.synchronize()
            started = time.perf_counter()
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        loss.item()
    torch.cuda.synchronize()
    return 20 * batch / (time.perf_counter() - started)


if __name__ == "__main__":
    kind, name, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print({"forward": forward, "train": train}[kind](name, batch))
