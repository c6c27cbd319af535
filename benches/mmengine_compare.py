#!/usr/bin/env python3
"""Registry.build of a trivial class: mmengine against ours, on this machine, in one run.

    python3 benches/mmengine_compare.py [--iters N] [--no-cargo]

mmengine's side: `Registry.build(dict(type='Scale', by=2.0))` on a registry holding one
class, timed with timeit (best-of-rounds median). Our side: the `registry_bench` binary
(`cargo run --release -p benches --bin registry_bench`), which builds the equivalent
`Scale { by: f64 }` from `{"type": "Scale", "by": 2.0}` into a `Box<dyn Transform>`.
Without mmengine installed this prints how to install it and exits 0; the project never
needs Python to build or test.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mmengine_build_ns(iters, rounds):
    from mmengine.registry import Registry

    # An explicit scope, so that no build pays for scope inference (and no warning is logged).
    registry = Registry("trivial", scope="bench")

    @registry.register_module()
    class Scale:
        def __init__(self, by):
            self.by = by

        def apply(self, x):
            return x * self.by

    assert registry.build(dict(type="Scale", by=2.0)).apply(21.0) == 42.0
    # mmengine's build takes the config dict; a fresh dict each call, as ours deserialises
    # from the same JSON value each call (the dict literal costs ~50 ns, noted in the output).
    timer = timeit.Timer(lambda: registry.build(dict(type="Scale", by=2.0)))
    per_call = [timer.timeit(number=iters) / iters * 1e9 for _ in range(rounds)]
    get = timeit.Timer(lambda: registry.get("Scale"))
    get_ns = [get.timeit(number=iters) / iters * 1e9 for _ in range(rounds)]
    return statistics.median(per_call), statistics.median(get_ns)


def ours(no_cargo):
    binary = os.path.join(ROOT, "target", "release", "registry_bench")
    if no_cargo and os.path.exists(binary):
        command = [binary]
    else:
        command = ["cargo", "run", "--quiet", "--release", "-p", "benches",
                   "--bin", "registry_bench"]
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iters", type=int, default=20000, help="calls per timeit round")
    parser.add_argument("--rounds", type=int, default=7, help="timeit rounds (median taken)")
    parser.add_argument("--no-cargo", action="store_true",
                        help="run target/release/registry_bench as built, without cargo")
    args = parser.parse_args()
    try:
        import mmengine  # noqa: F401
    except ImportError:
        print("mmengine is not installed; to compare, install it with\n"
              "    pip install mmengine-lite packaging   # or: pip install mmengine\n"
              "and run this script again.")
        return 0
    import mmengine

    mm_build, mm_get = mmengine_build_ns(args.iters, args.rounds)
    rust = ours(args.no_cargo)
    print(f"mmengine {mmengine.__version__}, Python {sys.version.split()[0]}")
    print(f"{'':28}{'mmengine':>14}{'ours':>12}{'ratio':>10}")
    print(f"{'Registry.build (trivial)':28}{mm_build:>11.0f} ns{rust['build_ns']:>9.0f} ns"
          f"{mm_build / rust['build_ns']:>9.0f}×")
    print(f"{'Registry.get':28}{mm_get:>11.0f} ns{rust['get_ns']:>9.0f} ns"
          f"{mm_get / rust['get_ns']:>9.0f}×")
    print(json.dumps({"mmengine_build_ns": mm_build, "ours_build_ns": rust["build_ns"],
                      "build_ratio": mm_build / rust["build_ns"], "mmengine_get_ns": mm_get,
                      "ours_get_ns": rust["get_ns"], "get_ratio": mm_get / rust["get_ns"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
