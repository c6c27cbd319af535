#!/usr/bin/env python3
"""CPU training steps: ours (`mmreg bench --train`) against PyTorch eager, one run.

    python3 benches/train_step_compare.py [--threads 2] [--models resnet18 resnet50 resnet18_cifar]
        [--batches 8 32] [--rounds 3] [--no-cargo]

A training step is the same on both sides: the forward in training mode, the classification
head's cross-entropy loss on fixed labels, backward, and an SGD step (lr 0.01, momentum 0.9),
on fp32 random images (224×224 RGB for ResNet-18/50; 28×28 grey for `resnet18_cifar`, the
model train_compare.py trains on Fashion-MNIST). Ours: `mmreg bench CONFIG --train --batch B
--shape C,H,W --threads T --json` (median ms/step of --iters after --warmup); PyTorch:
`torchvision.models.resnetXX()` (or train_compare.py's ResNet_CIFAR) in train mode with
`torch.set_num_threads(T)`, timed the same way in this process. The two alternate,
the sweep repeats --rounds times (order reversed every other round), and the table gives the
median over rounds. Without torch installed it says how to install it and exits 0.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# name: (config, input shape C,H,W, the same model in PyTorch)
MODELS = {
    "resnet18": ("configs/resnet/resnet18_8xb32_in1k.py", (3, 224, 224),
                 lambda: torchvision_model("resnet18")),
    "resnet50": ("configs/resnet/resnet50_8xb32_in1k.py", (3, 224, 224),
                 lambda: torchvision_model("resnet50")),
    # The model of train_compare.py's accuracy run: ResNet_CIFAR-18, width 16, Fashion-MNIST.
    "resnet18_cifar": ("configs/resnet/resnet18_cifar_fashion-mnist.py", (1, 28, 28),
                       lambda: cifar_model()),
}


def torchvision_model(name):
    import torchvision
    return getattr(torchvision.models, name)()


def cifar_model():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from train_compare import resnet_cifar
    return resnet_cifar(dict(type="ResNet_CIFAR", depth=18, in_channels=1, stem_channels=16,
                             base_channels=16), dict(num_classes=10))


def torch_step_ms(model, batch, shape, warmup, iters):
    import torch

    images = torch.randn(batch, *shape)
    labels = torch.zeros(batch, dtype=torch.long)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(images), labels).backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    timings = []
    for _ in range(iters):
        started = time.perf_counter()
        step()
        timings.append((time.perf_counter() - started) * 1e3)
    return statistics.median(timings)


def ours_step_ms(mmreg, name, batch, threads, warmup, iters):
    config, shape, _ = MODELS[name]
    command = [mmreg, "bench", config, "--train", "--batch", str(batch), "--shape",
               ",".join(map(str, shape)), "--threads", str(threads), "--iters", str(iters),
               "--warmup", str(warmup), "--json"]
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["ms_per_batch_median"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--models", nargs="+", default=["resnet18", "resnet50"],
                        choices=list(MODELS))
    parser.add_argument("--batches", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iters", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--no-cargo", action="store_true",
                        help="use target/release/mmreg as built")
    args = parser.parse_args()
    try:
        import torch
        import torchvision  # noqa: F401
    except ImportError:
        print("torch is not installed: pip install torch torchvision (CPU wheels suffice)")
        return 0
    if not args.no_cargo:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "mmreg"], cwd=ROOT,
                       check=True)
    mmreg = os.path.join(ROOT, "target", "release", "mmreg")
    torch.set_num_threads(args.threads)
    print(f"{args.threads} threads, torch {torch.__version__}", flush=True)
    cases = [(name, batch) for name in args.models for batch in args.batches]
    results = {case: {"ours": [], "torch": []} for case in cases}
    for round_ in range(args.rounds):
        for name, batch in cases:
            model = MODELS[name][2]().train()
            order = [
                ("ours", lambda: ours_step_ms(mmreg, name, batch, args.threads, args.warmup,
                                              args.iters)),
                ("torch", lambda: torch_step_ms(model, batch, MODELS[name][1], args.warmup,
                                                args.iters)),
            ]
            if round_ % 2:
                order.reverse()
            for side, measure in order:
                results[(name, batch)][side].append(measure())
            print(f"round {round_ + 1}/{args.rounds} {name} batch {batch}: "
                  f"{ {side: round(v[-1], 1) for side, v in results[(name, batch)].items()} } ms",
                  file=sys.stderr, flush=True)
    print(f"{'model':14} {'batch':>5} {'ours ms':>9} {'torch ms':>9} {'ours img/s':>10} "
          f"{'torch img/s':>11} {'ours/torch':>10}")
    for name, batch in cases:
        r = {side: statistics.median(v) for side, v in results[(name, batch)].items()}
        print(f"{name:14} {batch:>5} {r['ours']:>9.1f} {r['torch']:>9.1f} "
              f"{batch * 1e3 / r['ours']:>10.1f} {batch * 1e3 / r['torch']:>11.1f} "
              f"{r['torch'] / r['ours']:>9.2f}×")
    print("ours/torch: our images/s ÷ PyTorch's (≥ 1: at least as fast)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
