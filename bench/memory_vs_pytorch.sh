#!/usr/bin/env bash
# Peak resident memory of pymic against PyTorch doing the same work, side by side in one run.
# For a 2D config (the ACDC example examples/acdc/unet2d_full.cfg on synthetic volumes of ACDC's shape:
# 10 slices of 256x256, 2x128x128 crops of 4 volumes = 8 slices per step) and a 3D config
# (bench/memory/unet3d.cfg: UNet3D, 16x64x64 patches, batch 2):
#   train: `pymic bench train --memory` (ITERS iterations, then the one validation at the last iteration),
#          with the case cache and without it (`cache_mb = 0`: every batch read from disk, as PyMIC does),
#          against bench/memory_pytorch.py training the same network, batch and crop with Adam, then
#          validating on the same validation volumes;
#   infer: `pymic infer` of the test cases with a model trained for 2 iterations against
#          bench/memory_pytorch.py infer on the same volumes.
# The peak is the maximum resident set size of the process (/usr/bin/time -v). Runs at nice 10 with
# OMP_NUM_THREADS=1 unless set. PYMIC_JAVA_OPTS and PYMIC_MALLOC_TUNING reach the launcher as usual.
# Usage: bench/memory_vs_pytorch.sh [ITERS] [2d|3d|both]    (PYTHON=python3 with torch; default /usr/bin/python3)
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
P="$ROOT/pymic"
ITERS="${1:-40}"
WHICH="${2:-both}"
PY="${PYTHON:-/usr/bin/python3}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
"$PY" -c 'import torch' 2>/dev/null || { echo "$PY has no torch (Debian: apt-get install python3-torch)" >&2; exit 2; }
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
peak() { # label command... -> runs it, prints "label peak_MB", keeps its output in $W/label.out
  local label="$1"; shift
  /usr/bin/time -v -o "$W/$label.time" nice -n 10 "$@" >"$W/$label.out" 2>"$W/$label.err" \
    || { echo "$label failed:" >&2; tail -5 "$W/$label.err" >&2; return 1; }
  awk -v l="$label" '/Maximum resident set size/ {printf "%s %.0f\n", l, $NF / 1024}' "$W/$label.time"
}
images() { # data csv -> the image path of each case of data/csv, one per line
  tail -n +2 "$1/$2" | tr -d '\r' | while IFS=, read -r img _; do echo "$1/$img"; done
}
rows=()
run() { # name cfg data python-network-args...
  local name="$1" cfg="$2" data="$3"; shift 3
  local set=(--set "dataset.train_dir=$data" --set "training.ckpt_dir=$W/$name-model" --set "testing.output_dir=$W/$name-out")
  local pt pc pp it ip valid vols
  mapfile -t valid < <(images "$data" valid.csv)
  pt=$(peak "$name-pymic-train" "$P" bench train "$cfg" --iters "$ITERS" --warmup 2 --memory 10 "${set[@]}") || return 1
  pc=$(peak "$name-pymic-train-nocache" "$P" bench train "$cfg" --iters "$ITERS" --warmup 2 --memory 10 "${set[@]}" \
    --set dataset.cache_mb=0) || return 1
  pp=$(peak "$name-pytorch-train" "$PY" "$ROOT/bench/memory_pytorch.py" train --iters "$ITERS" \
    --volumes "${valid[@]}" "$@") || return 1
  "$P" train "$cfg" "${set[@]}" --set training.iter_max=2 --set training.iter_valid=2 >"$W/$name-fit.log" 2>&1 \
    || { echo "$name: training a model to infer with failed" >&2; tail -5 "$W/$name-fit.log" >&2; return 1; }
  mapfile -t vols < <(images "$data" test.csv)
  it=$(peak "$name-pymic-infer" "$P" infer "$cfg" "${set[@]}") || return 1
  ip=$(peak "$name-pytorch-infer" "$PY" "$ROOT/bench/memory_pytorch.py" infer --volumes "${vols[@]}" "$@") || return 1
  grep -h '^memory: rss' "$W/$name-pymic-train.out" | sed "s/^/$name pymic bench train /"
  grep -h '^pytorch' "$W/$name-pytorch-train.out" "$W/$name-pytorch-infer.out" | sed "s/^/$name /"
  rows+=("$name train ${pt##* } ${pp##* }" "$name train,~cache_mb~=~0 ${pc##* } ${pp##* }"
    "$name infer ${it##* } ${ip##* } (${#vols[@]} cases)")
}
if [ "$WHICH" != 3d ]; then
  "$P" synth --out "$W/data2d" --dim 3 --size 256 --slices 10 --cases 40 >/dev/null
  run 2d "$ROOT/examples/acdc/unet2d_full.cfg" "$W/data2d" --dim 2 --batch 8 --patch 128 128 || exit 1
fi
if [ "$WHICH" != 2d ]; then
  "$P" synth --out "$W/data3d" --dim 3 --size 96 --slices 32 --cases 12 >/dev/null
  run 3d "$ROOT/bench/memory/unet3d.cfg" "$W/data3d" --dim 3 --batch 2 --patch 16 64 64 \
    --dropout 0 0 0.2 0.2 0.2 || exit 1
fi
echo
echo "| config | work | pymic peak RSS (MB) | PyTorch peak RSS (MB) | pymic / PyTorch |"
echo "| --- | --- | --- | --- | --- |"
for r in "${rows[@]}"; do
  set -- $r
  awk -v c="$1" -v w="$2" -v a="$3" -v b="$4" -v n="${*:5}" \
    'BEGIN {gsub("~", " ", w); printf "| %s | %s%s | %d | %d | %.2f |\n", c, w, (n == "" ? "" : " " n), a, b, a / b}'
done
