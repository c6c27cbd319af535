#!/usr/bin/env python3
"""Single ResNet-50 convolutions: Burn 0.22 Flex (`conv_repro`) against PyTorch, same threads.

    python3 benches/conv_repro.py [--batch 8] [--threads T] [--iters 20] [--no-cargo]

The smallest reproduction of the forward gap written up in BENCHMARKS.md, and our own kernel
(`flex_conv::conv2d`) beside it. Every side times the same calls: median of --iters after 3
warm-ups. Burn's calls end with `into_data()`; ours return a `Vec<f32>`; PyTorch's a tensor
viewed as a NumPy array.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = [
    ("stem_7x7_s2_3to64_224", 3, 64, 7, 2, 224),
    ("layer1_3x3_64to64_56", 64, 64, 3, 1, 56),
    ("layer1_1x1_256to64_56", 256, 64, 1, 1, 56),
    ("layer2_3x3_s2_64to128_56", 64, 128, 3, 2, 56),
    ("layer2_3x3_128to128_28", 128, 128, 3, 1, 28),
    ("layer3_3x3_256to256_14", 256, 256, 3, 1, 14),
    ("layer3_1x1_1024to256_14", 1024, 256, 1, 1, 14),
    ("layer3_1x1_s2_512to1024_28", 512, 1024, 1, 2, 28),
    ("layer4_3x3_512to512_7", 512, 512, 3, 1, 7),
]


def median_ms(iters, f):
    for _ in range(3):
        f()
    times = []
    for _ in range(iters):
        started = time.perf_counter()
        f()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--no-cargo", action="store_true")
    args = parser.parse_args()
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        print("torch is not installed: pip install torch (CPU wheels suffice)")
        return 0
    torch.set_num_threads(args.threads)
    if args.no_cargo:
        command = [os.path.join(ROOT, "target", "release", "conv_repro")]
    else:
        command = ["cargo", "run", "--quiet", "--release", "-p", "benches", "--bin", "conv_repro",
                   "--"]
    command += ["--batch", str(args.batch), "--threads", str(args.threads), "--iters",
                str(args.iters)]
    ours = json.loads(subprocess.run(command, cwd=ROOT, check=True, capture_output=True,
                                     text=True).stdout.strip().splitlines()[-1])
    print(f"batch {args.batch}, {args.threads} threads, torch {torch.__version__}")
    print(f"{'case':30} {'burn ms':>9} {'ours ms':>9} {'torch ms':>9} {'ours GF/s':>10} "
          f"{'torch GF/s':>10} {'burn÷torch':>10} {'ours÷torch':>10}")
    with torch.inference_mode():
        for name, c_in, c_out, k, stride, side in CASES:
            x = torch.randn(args.batch, c_in, side, side)
            w = torch.randn(c_out, c_in, k, k)
            padding = 0 if k == 1 else k // 2
            out_side = (side + 2 * padding - k) // stride + 1
            macs = args.batch * c_out * out_side * out_side * c_in * k * k
            ms = median_ms(args.iters, lambda: F.conv2d(x, w, None, stride, padding).numpy())
            case = ours[name]
            print(f"{name:30} {case['ms']:>9.2f} {case['fast_ms']:>9.2f} {ms:>9.2f} "
                  f"{case['fast_gflops']:>10.1f} {2 * macs / ms / 1e6:>10.1f} "
                  f"{case['ms'] / ms:>9.2f}× {case['fast_ms'] / ms:>9.2f}×")
        m, k, n = args.batch * 196, 1024, 256
        a, b = torch.randn(m, k), torch.randn(k, n)
        ms = median_ms(args.iters, lambda: (a @ b).numpy().copy())
        name = "matmul_1568x1024x256_per_8"
        print(f"{'matmul ' + f'{m}x{k}x{n}':30} {ours[name]['ms']:>9.2f} {ms:>9.2f} "
              f"{ours[name]['gflops']:>10.1f} {2 * m * k * n / ms / 1e6:>10.1f} "
              f"{ours[name]['ms'] / ms:>9.2f}×")
        x = torch.randn(args.batch, 256, 56, 56)
        scale, shift = torch.randn(1, 256, 1, 1), torch.randn(1, 256, 1, 1)
        ms = median_ms(args.iters, lambda: (x * scale + shift).clamp_min(0).numpy().copy())
        print(f"{'bn+relu 256x56x56 (3 passes)':30} {ours['bn_relu_256x56x56']['ms']:>9.2f} "
              f"{ms:>9.2f} {'':>10} {'':>10} {ours['bn_relu_256x56x56']['ms'] / ms:>9.2f}×")
    print("burn: Burn 0.22's conv2d on Flex (output copied to host data); ours: flex_conv::conv2d "
          "on slices; torch: F.conv2d (output as a NumPy view). X÷torch: time ÷ PyTorch's time "
          "(< 1: faster than PyTorch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
