#!/usr/bin/env python3
"""Data pipeline throughput, side by side: JPEG decode -> RandomResizedCrop 224 -> RandomFlip ->
tensor, batches of 32, with the same number of workers, ours (the `datasets` crate's
ImageDataLoader, `cargo run --release -p registry-datasets --example throughput`) against
torchvision + PIL (torch.utils.data.DataLoader over a PIL ImageFolder-style dataset).

    python3 benches/pipeline_compare.py [--folder DIR] [--workers 2] [--rounds 3]

Without --folder, 256 JPEGs of 500x375 are written to a temporary folder from scikit-image's
public-domain sample photos (random crops, resized), as an ImageNet-sized stand-in. Rounds
alternate the two sides; each side reports the median over 3 epochs; the ratio is ours /
torchvision's images per second (> 1: ours is faster).
"""
import argparse
import glob
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_jpegs(folder, count=256):
    from PIL import Image
    from skimage import data
    photos = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket(), data.immunohistochemistry()]
    rng = random.Random(0)
    for index in range(count):
        photo = Image.fromarray(photos[index % len(photos)])
        w, h = photo.size
        cw, ch = rng.randint(w // 2, w), rng.randint(h // 2, h)
        left, top = rng.randint(0, w - cw), rng.randint(0, h - ch)
        crop = photo.crop((left, top, left + cw, top + ch)).resize((500, 375), Image.BICUBIC)
        crop.save(os.path.join(folder, f"{index:04d}.jpg"), quality=90)


def torchvision_rate(folder, workers, batch, epochs=3):
    import torch
    from PIL import Image
    from torchvision import transforms

    files = sorted(glob.glob(os.path.join(folder, "*.jpg")))
    pipeline = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.PILToTensor(),
    ])

    class Folder(torch.utils.data.Dataset):
        def __len__(self):
            return len(files)

        def __getitem__(self, index):
            with open(files[index], "rb") as file:
                image = Image.open(file).convert("RGB")
            return pipeline(image).float()

    loader = torch.utils.data.DataLoader(Folder(), batch_size=batch, shuffle=True,
                                         num_workers=workers, persistent_workers=workers > 0)
    rates = []
    for _ in range(epochs):
        start = time.perf_counter()
        images = sum(len(images) for images in loader)
        rates.append(images / (time.perf_counter() - start))
    return statistics.median(rates)


def our_rate(binary, folder, workers, batch, epochs=3):
    output = subprocess.run([binary, folder, str(workers), str(batch), str(epochs)],
                            check=True, capture_output=True, text=True).stdout
    median = [line for line in output.splitlines() if line.startswith("median:")][0]
    return float(median.split()[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dev-opt", action="store_true",
                        help="build the dev profile with opt-level 3 (reuses the test build's "
                             "optimised dependencies) instead of --release")
    args = parser.parse_args()
    try:
        import torch, torchvision  # noqa: F401
        import skimage  # noqa: F401
    except ImportError as error:
        print(f"{error.name} is not installed; to compare, install it with\n"
              "    pip install torch torchvision scikit-image\nand run this script again.")
        return 0
    torch.set_num_threads(1)
    folder = args.folder or tempfile.mkdtemp(prefix="mmreg-pipeline-")
    if not glob.glob(os.path.join(folder, "*.jpg")):
        make_jpegs(folder)
    profile = ["--config", "profile.dev.opt-level=3"] if args.dev_opt else ["--release"]
    subprocess.run(["cargo", "build", "--quiet", *profile, "-p", "registry-datasets",
                    "--example", "throughput"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "debug" if args.dev_opt else "release", "examples",
                          "throughput")
    ours, theirs = [], []
    for round_ in range(args.rounds):
        theirs.append(torchvision_rate(folder, args.workers, args.batch))
        ours.append(our_rate(binary, folder, args.workers, args.batch))
        print(f"round {round_}: ours {ours[-1]:.1f} images/s, torchvision+PIL {theirs[-1]:.1f} "
              f"images/s", flush=True)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(f"median: ours {ours_median:.1f} images/s, torchvision+PIL {theirs_median:.1f} "
          f"images/s, ratio {ours_median / theirs_median:.2f}x ({args.workers} workers, "
          f"batch {args.batch}, {len(glob.glob(os.path.join(folder, '*.jpg')))} JPEGs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
