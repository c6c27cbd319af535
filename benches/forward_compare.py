#!/usr/bin/env python3
"""ResNet-18/50 CPU forward: ours (Burn 0.22, Flex) against PyTorch eager, one machine, one run.

    python3 benches/forward_compare.py [--threads T] [--rounds R] [--fuse-conv-bn] [--no-cargo]

For each model (ResNet-18, ResNet-50) and batch (1, 8) of 224×224 fp32 images, in eval mode and
on the same number of threads (default: every core):

- ours: `mmreg bench configs/resnet/<cfg>.py --batch B --threads T --json` (median ms/batch of
  --iters timed passes after --warmup), run as a subprocess (the release binary);
- PyTorch: `torchvision.models.<model>().eval()` under `torch.inference_mode()` with
  `torch.set_num_threads(T)`, timed the same way in this process.

The two alternate, and the whole sweep repeats --rounds times (ours first in odd rounds, PyTorch
first in even ones); the table gives the median over rounds. Then, once per model and batch, each
side runs in a fresh process to measure the model's construction time (built and every weight
allocated and initialised: `torchvision.models.resnet50()` against our `MODELS.build` plus
materialising the lazy parameters) and the forward's peak working memory (VmHWM after three
forwards minus VmRSS before them, the peak counter reset in between).

Without torch installed it says how to install it and exits 0; the project never needs Python.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = {
    "resnet18": "configs/resnet/resnet18_8xb32_in1k.py",
    "resnet50": "configs/resnet/resnet50_8xb32_in1k.py",
}


def status_mib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def torch_child(name, batch, threads):
    """Construction time and forward peak memory of torchvision's model, in this fresh process."""
    import torch
    import torchvision

    torch.set_num_threads(threads)
    started = time.perf_counter()
    model = getattr(torchvision.models, name)()
    construct_ms = (time.perf_counter() - started) * 1e3
    model.eval()
    images = torch.randn(batch, 3, 224, 224)
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass
    rss_model = status_mib("VmRSS")
    with torch.inference_mode():
        for _ in range(3):
            model(images)
    hwm = status_mib("VmHWM")
    print(json.dumps({"construct_ms": construct_ms, "rss_model_mib": rss_model,
                      "hwm_mib": hwm, "forward_peak_mib": hwm - rss_model}))


def time_torch(model, images, warmup, iters):
    import torch

    with torch.inference_mode():
        for _ in range(warmup):
            model(images)
        timings = []
        for _ in range(iters):
            started = time.perf_counter()
            model(images)
            timings.append((time.perf_counter() - started) * 1e3)
    return statistics.median(timings)


def run_json(command):
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine(threads):
    model = platform.processor()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next(line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                     if line.startswith("Model name"))
    except (OSError, StopIteration):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    import torch
    import torchvision

    return (f"{model}, {os.cpu_count()} logical CPUs, {threads} threads; {rustc}; "
            f"torch {torch.__version__}, torchvision {torchvision.__version__}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--models", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 8])
    parser.add_argument("--iters", type=int, default=10, help="timed passes per measurement")
    parser.add_argument("--warmup", type=int, default=2, help="untimed passes first")
    parser.add_argument("--rounds", type=int, default=3, help="alternating sweeps (median)")
    parser.add_argument("--fuse-conv-bn", action="store_true",
                        help="also time ours with BatchNorm folded into the convolutions")
    parser.add_argument("--no-cargo", action="store_true",
                        help="use target/release/{mmreg,registry_bench} as built")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--json-out", help="write every figure to this JSON file")
    parser.add_argument("--torch-child", nargs=3, metavar=("MODEL", "BATCH", "THREADS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.torch_child:
        name, batch, threads = args.torch_child
        return torch_child(name, int(batch), int(threads))
    try:
        import torch
        import torchvision
    except ImportError:
        print("torch is not installed; to compare, install it with\n"
              "    pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu\n"
              "and run this script again.")
        return 0

    if not args.no_cargo:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "mmreg", "-p", "benches", "--bins"],
                       cwd=ROOT, check=True)
    mmreg = os.path.join(ROOT, "target", "release", "mmreg")
    registry_bench = os.path.join(ROOT, "target", "release", "registry_bench")
    threads = args.threads
    torch.set_num_threads(threads)
    print(machine(threads), flush=True)

    torch_models = {name: getattr(torchvision.models, name)().eval() for name in args.models}
    cases = [(name, batch) for name in args.models for batch in args.batches]
    results = {case: {"ours": [], "torch": [], "fused": []} for case in cases}
    for round_ in range(args.rounds):
        for name, batch in cases:
            def ours(fuse=False):
                command = [mmreg, "bench", CONFIGS[name], "--batch", str(batch), "--threads",
                           str(threads), "--iters", str(args.iters), "--warmup",
                           str(args.warmup), "--json"]
                if fuse:
                    command.append("--fuse-conv-bn")
                return run_json(command)["ms_per_batch_median"]

            def pytorch():
                images = torch.randn(batch, 3, 224, 224)
                return time_torch(torch_models[name], images, args.warmup, args.iters)

            order = [("ours", ours), ("torch", pytorch)]
            if args.fuse_conv_bn:
                order.append(("fused", lambda: ours(fuse=True)))
            if round_ % 2:
                order.reverse()
            for side, measure in order:
                results[(name, batch)][side].append(measure())
            figures = {side: round(values[-1], 1) for side, values
                       in results[(name, batch)].items() if values}
            print(f"round {round_ + 1}/{args.rounds} {name} batch {batch}: {figures} ms",
                  file=sys.stderr, flush=True)

    memory = {}
    if not args.skip_memory:
        for name, batch in cases:
            ours_memory = run_json([registry_bench, "--memory", CONFIGS[name], "--batch",
                                    str(batch), "--threads", str(threads)])
            torch_memory = run_json([sys.executable, os.path.abspath(__file__),
                                     "--torch-child", name, str(batch), str(threads)])
            memory[(name, batch)] = {"ours": ours_memory, "torch": torch_memory}

    header = (f"{'model':9} {'batch':>5} {'ours ms':>9} {'torch ms':>9} {'ours img/s':>10} "
              f"{'torch img/s':>11} {'ours/torch':>10}")
    if args.fuse_conv_bn:
        header += f" {'fused ms':>9} {'fused/torch':>11} {'fusion gain':>11}"
    print(header)
    summary = []
    for name, batch in cases:
        r = {side: statistics.median(v) for side, v in results[(name, batch)].items() if v}
        row = (f"{name:9} {batch:>5} {r['ours']:>9.1f} {r['torch']:>9.1f} "
               f"{batch * 1e3 / r['ours']:>10.1f} {batch * 1e3 / r['torch']:>11.1f} "
               f"{r['torch'] / r['ours']:>9.2f}×")
        if args.fuse_conv_bn:
            row += (f" {r['fused']:>9.1f} {r['torch'] / r['fused']:>10.2f}×"
                    f" {r['ours'] / r['fused']:>10.2f}×")
        print(row)
        summary.append({"model": name, "batch": batch, "threads": threads,
                        "ms": r, "rounds": results[(name, batch)],
                        "memory": memory.get((name, batch))})
    print("ours/torch: images/s ours ÷ images/s PyTorch (≥ 1 means ours is at least as fast)")
    if memory:
        print(f"\n{'model':9} {'batch':>5} {'ours build ms':>13} {'torch build ms':>14} "
              f"{'ours model MiB':>14} {'torch model MiB':>15} {'ours fwd peak MiB':>17} "
              f"{'torch fwd peak MiB':>18}")
        for name, batch in cases:
            o, t = memory[(name, batch)]["ours"], memory[(name, batch)]["torch"]
            print(f"{name:9} {batch:>5} {o['construct_ms']:>13.0f} {t['construct_ms']:>14.0f} "
                  f"{o['rss_model_mib']:>14.0f} {t['rss_model_mib']:>15.0f} "
                  f"{o['forward_peak_mib']:>17.0f} {t['forward_peak_mib']:>18.0f}")
        print("model MiB: whole-process VmRSS with the model built (PyTorch's includes the "
              "Python interpreter and torch's libraries)")
    if args.json_out:
        with open(args.json_out, "w") as out:
            json.dump({"machine": machine(threads), "results": summary}, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
