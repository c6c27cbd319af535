#!/usr/bin/env bash
# Forward and training throughput on one GPU: ours (Burn 0.22 through `mmreg`) against PyTorch on
# the same GPU, images/s and the ratio (ours / PyTorch).
#
#     benches/gpu/run.sh [FEATURE [DEVICE]]     # default: cuda cuda:0; e.g. vulkan vulkan:0
#
# Builds `mmreg` in release with the backend's cargo feature, then for ResNet-18 and ResNet-50
# (224×224, batch 1 and 32, eval mode) times `mmreg bench --device DEVICE --json` (median of the
# timed passes, each ending with the output read back) and `benches/gpu/torch_gpu.py forward`
# (the same, `torch.cuda.synchronize` after each pass); then trains ResNet-18 on 32×32 images
# (SyntheticTextures, batch 64, 20 steps after 5 untimed) with `mmreg train` and with
# `torch_gpu.py train` (the same SGD step). PyTorch with CUDA is needed only for its side
# (`pip install torch torchvision`); without it, ours alone is printed. Building `cuda` downloads
# an LLVM bundle from github.com (cubecl-llvm's build script): the machine needs the network then.
set -euo pipefail
cd "$(dirname "$0")/../.."

feature=${1:-cuda}
device=${2:-cuda:0}
cargo build --release -p mmreg --features "$feature"
mmreg=target/release/mmreg
"$mmreg" devices

torch_ok=1
python3 -c 'import torch, torchvision; assert torch.cuda.is_available()' 2>/dev/null || {
    torch_ok=0
    echo "PyTorch with CUDA not found (pip install torch torchvision): timing ours only"
}

printf '\n%-9s %-6s %12s %12s %7s\n' model batch "ours img/s" "torch img/s" ratio
for model in resnet18 resnet50; do
    config=configs/resnet/${model}_8xb32_in1k.py
    for batch in 1 32; do
        ours=$("$mmreg" bench "$config" --batch "$batch" --iters 30 --warmup 5 \
            --device "$device" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["images_per_sec"])')
        theirs=nan
        if [ "$torch_ok" = 1 ]; then
            theirs=$(python3 benches/gpu/torch_gpu.py forward "$model" "$batch")
        fi
        python3 -c "import sys; o,t=float(sys.argv[3]),float(sys.argv[4]); print(f'{sys.argv[1]:<9} {sys.argv[2]:<6} {o:12.1f} {t:12.1f} {o/t:7.2f}')" \
            "$model" "$batch" "$ours" "$theirs"
    done
done

# Training: wall-clock images/s of `mmreg train` (start-up included, so a lower bound) against
# PyTorch's training loop alone.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
steps=25
started=$(date +%s.%N)
"$mmreg" train benches/gpu/train_resnet18_textures.json --work-dir "$work" --device "$device" \
    --cfg-options "train_dataloader.dataset.size=$((64 * steps))" >/dev/null
ended=$(date +%s.%N)
ours=$(python3 -c "print(64 * $steps / ($ended - $started))")
theirs=nan
if [ "$torch_ok" = 1 ]; then
    theirs=$(python3 benches/gpu/torch_gpu.py train resnet18 64)
fi
python3 -c "import sys; o,t=float(sys.argv[1]),float(sys.argv[2]); print(f'\ntrain ResNet-18 (CIFAR stem, 32x32, batch 64): ours {o:.1f} img/s, torch {t:.1f} img/s, ratio {o/t:.2f}')" \
    "$ours" "$theirs"
