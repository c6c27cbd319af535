"""Writes `torchvision_keys.json`: the state-dict keys and shapes of torchvision's ResNet-50,
ResNeXt-50 (32x4d) and Wide ResNet-50-2, without `num_batches_tracked`.

Run with torchvision: `python3 make_torchvision_keys.py` (in this folder). The tests read the
file only.
"""

import json

import torchvision


def main():
    keys = {}
    for name in ["resnet50", "resnext50_32x4d", "wide_resnet50_2"]:
        state = getattr(torchvision.models, name)().state_dict()
        keys[name] = {
            key: list(value.shape)
            for key, value in state.items()
            if not key.endswith("num_batches_tracked")
        }
    with open("torchvision_keys.json", "w") as file:
        json.dump(keys, file, indent=0)
        file.write("\n")


if __name__ == "__main__":
    main()
