"""Writes the small PyTorch checkpoints and reference outputs in this folder.

A ResNet-18 of torchvision's structure (torchvision's `BasicBlock`s, its names) but narrow:
stem and stage widths 4, 8, 16, 32, 10 classes, so that the files stay small. Weights are
torchvision's initialisation after `torch.manual_seed(0)`, then every BatchNorm's weight, bias
and running statistics are set to random values (so eval-mode BatchNorm is no identity).

- `tiny_torchvision.pth`: its `state_dict()` (torchvision's names, `num_batches_tracked`
  included), `torch.save` zip format.
- `tiny_legacy.pth`: the same, in the legacy (pre-1.6, non-zip) format.
- `tiny_mmpretrain.pth`: an mmpretrain training checkpoint: `{'meta': {...}, 'state_dict':
  {...}}`, keys with `backbone.` and `head.` prefixes.
- `tiny_input.npy` `[2, 3, 32, 32]`, `tiny_logits.npy` `[2, 10]` and `tiny_layer{1..4}.npy`:
  an input and the model's eval-mode outputs on it.

Run with torch 2.x and torchvision: `python3 make_checkpoints.py` (in this folder). The tests
read the files only; they never run Python.
"""

import numpy as np
import torch
from torch import nn
from torchvision.models.resnet import BasicBlock


class TinyResNet(nn.Module):
    def __init__(self, widths=(4, 8, 16, 32), num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, widths[0], 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes = widths[0]
        for index, planes in enumerate(widths):
            stride = 1 if index == 0 else 2
            downsample = None
            if stride != 1 or inplanes != planes:
                downsample = nn.Sequential(
                    nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes)
                )
            layer = nn.Sequential(
                BasicBlock(inplanes, planes, stride, downsample), BasicBlock(planes, planes)
            )
            setattr(self, f"layer{index + 1}", layer)
            inplanes = planes
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(widths[-1], num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        stages = []
        for index in range(4):
            x = getattr(self, f"layer{index + 1}")(x)
            stages.append(x)
        return self.fc(torch.flatten(self.avgpool(x), 1)), stages


def main():
    torch.manual_seed(0)
    model = TinyResNet()
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        if isinstance(module, nn.BatchNorm2d):
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.normal_(0.0, 0.2)
            module.running_mean.normal_(0.0, 0.2)
            module.running_var.uniform_(0.5, 1.5)
    model.eval()

    state = model.state_dict()
    torch.save(state, "tiny_torchvision.pth")
    torch.save(state, "tiny_legacy.pth", _use_new_zipfile_serialization=False)
    mmpretrain = {
        ("head." if key.startswith("fc.") else "backbone.") + key: value
        for key, value in state.items()
    }
    torch.save(
        {"meta": {"epoch": 100, "mmpretrain_version": "1.2.0"}, "state_dict": mmpretrain},
        "tiny_mmpretrain.pth",
    )

    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        logits, stages = model(images)
    np.save("tiny_input.npy", images.numpy())
    np.save("tiny_logits.npy", logits.numpy())
    for index, stage in enumerate(stages):
        np.save(f"tiny_layer{index + 1}.npy", stage.numpy())


if __name__ == "__main__":
    main()
