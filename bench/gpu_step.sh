#!/usr/bin/env bash
# A training step on the GPU against the CPU, side by side: `pymic bench train` alternated between
# [training] device = cpu and device = cuda, PAIRS times, then the median ratio of the step times.
# Needs a CUDA build of libtorch the engine can load (docs/cli.md, "Running on a GPU"); `pymic doctor`
# says whether the engine sees a GPU. Without one the cuda runs exit 3 and the script says so.
# Usage: bench/gpu_step.sh CONFIG [PAIRS] [--set section.key=value ...]
#   e.g. bench/gpu_step.sh examples/acdc/unet2d_r10_baseline.cfg 3 --set dataset.train_dir=/data/acdc
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
P="$ROOT/pymic"
[ $# -ge 1 ] || { sed -n 2,7p "$0" >&2; exit 2; }
CFG="$1"; shift
PAIRS=3
if [ $# -ge 1 ] && [[ "$1" =~ ^[0-9]+$ ]]; then PAIRS="$1"; shift; fi
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
step() { # device [--set ...] -> prints the median step time in ms, or nothing on failure
  local d="$1"; shift
  "$P" bench train "$CFG" --iters 20 --warmup 5 --set training.device="$d" --set training.ckpt_dir="$W/$d" "$@" \
    2>"$W/$d.err" | sed -n 's/^train iteration (median[^:]*): \([0-9.]*\) ms.*/\1/p'
}
cpu=(); gpu=()
for i in $(seq "$PAIRS"); do
  c=$(step cpu "$@"); g=$(step cuda "$@")
  if [ -z "$g" ]; then echo "cuda run failed: $(tail -1 "$W/cuda.err")" >&2; exit 3; fi
  [ -n "$c" ] || { echo "cpu run failed: $(tail -1 "$W/cpu.err")" >&2; exit 1; }
  echo "pair $i: cpu $c ms, cuda $g ms"
  cpu+=("$c"); gpu+=("$g")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mc=$(median "${cpu[@]}"); mg=$(median "${gpu[@]}")
awk -v c="$mc" -v g="$mg" 'BEGIN {printf "median step: cpu %.1f ms, cuda %.1f ms, cpu/cuda %.2f\n", c, g, c / g}'
