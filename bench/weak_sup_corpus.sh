#!/usr/bin/env bash
# Trains every scribble config of PyMIC_examples (seg_weak_sup/ACDC) for 20 iterations, unchanged but for
# its data paths and iter_max, on synthetic 2D data made by `pymic synth` (its train_scribble.csv: the
# simulated scribbles, unannotated voxels = 4 as in PyMIC's ACDC scribbles), validated on dense labels.
# Usage: bench/weak_sup_corpus.sh [WORK_DIR]   (prints one line per config: name, exit code, seconds)
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${1:-/tmp/pymic-weak-corpus}"
P="$ROOT/pymic"
C="$ROOT/pymic-cli/src/test/resources/pymic-examples/seg_weak_sup/ACDC/config"
mkdir -p "$W"
[ -d "$W/d" ] || "$P" synth --out "$W/d" --cases 12 --size 96 --dim 2 >/dev/null
for cfg in "$C"/unet2d_*.cfg; do
  name="$(basename "$cfg" .cfg)"
  t0=$(date +%s)
  "$P" train "$cfg" --set dataset.train_dir="$W/d" --set dataset.train_csv="$W/d/train_scribble.csv" \
    --set dataset.valid_csv="$W/d/test.csv" --set training.iter_max=20 --set training.iter_valid=20 \
    --set training.ckpt_dir="$W/model/$name" > "$W/$name.log" 2>&1
  echo "$name exit $? $(( $(date +%s) - t0 )) s"
done
