#!/usr/bin/env bash
# Trains every semi-supervised config of PyMIC_examples (seg_semi_sup: ACDC 2D, AtriaSeg 3D) for 20
# iterations, unchanged but for its data paths and iter_max, on synthetic data made by `pymic synth`.
# Usage: bench/semi_sup_corpus.sh [WORK_DIR]   (prints one line per config: name, exit code, seconds)
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${1:-/tmp/pymic-semi-corpus}"
P="$ROOT/pymic"
C="$ROOT/pymic-cli/src/test/resources/pymic-examples/seg_semi_sup"
mkdir -p "$W"
[ -d "$W/d2" ] || "$P" synth --out "$W/d2" --cases 12 --size 96 --dim 2 >/dev/null
[ -d "$W/d3" ] || "$P" synth --out "$W/d3" --cases 8 --size 112 --dim 3 --binary 1 >/dev/null  # AtriaSeg: class_num 2
for cfg in "$C"/ACDC/config/unet2d_*.cfg "$C"/AtriaSeg/config/unet3d_*.cfg; do
  case "$cfg" in */ACDC/*) d="$W/d2" ;; *) d="$W/d3" ;; esac
  name="$(basename "$(dirname "$(dirname "$cfg")")")/$(basename "$cfg")"
  t0=$(date +%s)
  "$P" train "$cfg" --set dataset.train_dir="$d" --set dataset.train_csv="$d/train_r10_lab.csv" \
    --set dataset.train_csv_unlab="$d/train_r10_unlab.csv" --set dataset.valid_csv="$d/test.csv" \
    --set training.iter_max=20 --set training.iter_valid=20 --set training.ckpt_dir="$W/model/$name" \
    > "$W/$(echo "$name" | tr / _).log" 2>&1
  echo "$name exit $? $(( $(date +%s) - t0 )) s"
done
